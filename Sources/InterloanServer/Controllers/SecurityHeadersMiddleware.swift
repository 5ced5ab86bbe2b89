import Vapor

/// The headers that tell a browser how far to trust each answer: every answer is `nosniff`; every HTML page also
/// forbids inline script and framing and keeps its address from other sites; behind HTTPS, browsers are told to
/// come back only over HTTPS.
///
/// A future-based middleware: it runs on every API call, where a task of its own would cost two thread hops.
struct SecurityHeadersMiddleware: Middleware {
    /// The templates load one stylesheet and one script from this site and nothing inline.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    /// A year, as browsers expect of a site that will stay on HTTPS.
    static let strictTransportSecurity = "max-age=31536000"

    let secure: Bool

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            let headers = response.headers
            var added = HTTPHeaders()
            added.add(name: "X-Content-Type-Options", value: "nosniff")
            if self.secure { added.add(name: .strictTransportSecurity, value: Self.strictTransportSecurity) }
            if headers.contentType?.subType == "html" {
                added.add(name: .contentSecurityPolicy, value: Self.contentSecurityPolicy)
                added.add(name: .xFrameOptions, value: "DENY")
                added.add(name: "Referrer-Policy", value: "same-origin")
            }
            for (name, value) in added where !headers.contains(name: name) { response.headers.add(name: name, value: value) }
            return response
        }
    }
}
