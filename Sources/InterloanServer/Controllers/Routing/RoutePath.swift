import Foundation
import Vapor

/// A route parameter: `.key` where the route is registered, `.value` where a page or redirect links to it.
enum Parameter<Value: CustomStringConvertible & Sendable>: Sendable {
    case key
    case value(Value)
}

/// One segment of a path: a fixed word, or a named parameter with the value a link fills in.
enum PathSegment: Sendable, Equatable {
    case word(String)
    case parameter(String, value: String?)

    static func parameter<Value>(_ name: String, _ parameter: Parameter<Value>) -> PathSegment {
        switch parameter {
        case .key: .parameter(name, value: nil)
        case .value(let value): .parameter(name, value: value.description)
        }
    }
}

/// A path defined once and used both to register its route and to link to it.
protocol RoutePath: Sendable {
    /// The path's segments from the root.
    var segments: [PathSegment] { get }
}

extension RoutePath {
    /// The components to register the route with, `:name` for each parameter.
    var pathComponents: [PathComponent] {
        self.segments.map { segment in
            switch segment {
            case .word(let word): .constant(word)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    /// The route's pattern as Vapor prints it, such as `/requests/:id`.
    var pattern: String {
        "/" + self.pathComponents.map(\.description).joined(separator: "/")
    }

    /// The path a link or redirect uses: each parameter's value percent-encoded as one segment.
    var path: String {
        "/"
            + self.segments.map { segment in
                switch segment {
                case .word(let word): word
                case .parameter(let name, nil): ":" + name
                case .parameter(_, let value?): Self.encoded(value)
                }
            }.joined(separator: "/")
    }

    /// The path with a fragment naming a section of the page, such as `#claims`.
    func path(fragment: String) -> String {
        self.path + "#" + fragment
    }

    /// A value as one path segment: everything outside the unreserved characters is percent-encoded, so a value
    /// can never add a segment, a query or a fragment.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""
    }

    private static var unreserved: CharacterSet {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }
}

extension RoutesBuilder {
    /// Registers `closure` for `method` on the route `path` defines.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: some RoutePath, body: HTTPBodyStreamStrategy = .collect,
        use closure: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        self.on(method, path.pathComponents, body: body, use: closure)
    }

    /// Registers a GET route for `path`.
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ path: some RoutePath, use closure: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        self.on(.GET, path, use: closure)
    }

    /// Registers a POST route for `path`.
    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ path: some RoutePath, use closure: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        self.on(.POST, path, use: closure)
    }
}

extension RoutePath {
    /// The path as an OpenAPI document names it, `{name}` for each parameter without a value.
    var openAPIPath: String {
        "/"
            + self.segments.map { segment in
                switch segment {
                case .word(let word): word
                case .parameter(let name, nil): "{\(name)}"
                case .parameter(_, let value?): value
                }
            }.joined(separator: "/")
    }
}
