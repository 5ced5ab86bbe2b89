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
            func add(_ name: HTTPHeaders.Name, _ value: String) {
                if !response.headers.contains(name: name) { response.headers.add(name: name, value: value) }
            }
            add(.xContentTypeOptions, "nosniff")
            if self.secure { add(.strictTransportSecurity, Self.strictTransportSecurity) }
            if response.headers.contentType?.subType == "html" {
                add(.contentSecurityPolicy, Self.contentSecurityPolicy)
                add(.xFrameOptions, "DENY")
                add(HTTPHeaders.Name("Referrer-Policy"), "same-origin")
            }
            return response
        }
    }
}
