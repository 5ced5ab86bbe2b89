import Vapor

/// Answers 405 Method Not Allowed, with `Allow`, where Vapor would answer 404: for a method this server never
/// serves (TRACE, CONNECT, OPTIONS, PATCH...) on any path, and for a method a path has no route for when it has
/// routes for others. 404 stays for paths with no route at all.
struct MethodNotAllowedMiddleware: Middleware {
    static let served: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE"]

    /// Each route path with its methods. Looked through one by one, only for an answer that is already a 404 or a
    /// method never served.
    private let paths: [(pattern: [PathComponent], methods: Set<String>)]

    init(routes: Routes) {
        var methods: [String: (pattern: [PathComponent], methods: Set<String>)] = [:]
        for route in routes.all {
            let key = route.path.string
            methods[key, default: (route.path, [])].methods.insert(route.method.rawValue)
            if route.method == .GET { methods[key]?.methods.insert(HTTPMethod.HEAD.rawValue) }
        }
        self.paths = Array(methods.values)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard Self.served.contains(request.method.rawValue) else {
            return request.eventLoop.makeFailedFuture(self.refusal(for: request, allowed: self.allowed(for: request)))
        }
        return next.respond(to: request).flatMapErrorThrowing { error in
            // Only Vapor's own "no route" 404 is turned into a 405; a handler's 404 is an answer about a resource.
            guard request.route == nil, let abort = error as? any AbortError, abort.status == .notFound,
                let allowed = self.allowed(for: request), !allowed.isEmpty
            else { throw error }
            throw self.refusal(for: request, allowed: allowed)
        }
    }

    /// The methods of the routes whose path matches the request's; nil when none does.
    private func allowed(for request: Request) -> Set<String>? {
        let segments = request.url.path.split(separator: "/")
        var allowed: Set<String>?
        for (pattern, methods) in self.paths where Self.matches(pattern, segments) {
            allowed = (allowed ?? []).union(methods)
        }
        return allowed
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [Substring]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return index < segments.count
            case .anything, .parameter: if index >= segments.count { return false }
            case .constant(let text): if index >= segments.count || segments[index] != text { return false }
            }
        }
        return pattern.count == segments.count
    }

    private func refusal(for request: Request, allowed: Set<String>?) -> Abort {
        let methods = (allowed ?? Self.served).sorted()
        var headers = HTTPHeaders()
        headers.add(name: .allow, value: methods.joined(separator: ", "))
        return Abort(
            .methodNotAllowed, headers: headers,
            reason: "\(request.method.rawValue) is not allowed here; use \(methods.joined(separator: " or "))")
    }
}
