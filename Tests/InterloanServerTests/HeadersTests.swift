import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// What every answer tells the browser, and how methods a path does not serve are answered.
    @Suite struct HeadersTests {
        func headers(_ context: TestContext, _ method: HTTPMethod, _ path: String, as party: String? = nil)
            async throws -> (HTTPResponseStatus, HTTPHeaders, String)
        {
            var headers = HTTPHeaders()
            if let party { headers.bearerAuthorization = BearerAuthorization(token: context.token(party)) }
            var result: (HTTPResponseStatus, HTTPHeaders, String) = (.internalServerError, [:], "")
            try await context.app.testing().test(method, path, headers: headers) { response in
                if response.headers.contentType == .json {
                    APIContract.check(method, path, status: response.status, body: Data(buffer: response.body))
                }
                result = (response.status, response.headers, response.body.string)
            }
            return result
        }

        @Test func everyHTMLPageForbidsInlineScriptFramingAndSniffing() async throws {
            try await withTestApp { context in
                for path in ["/", "/login", "/lists", "/no-such-page", "/lists/no-such-list"] {
                    let (_, headers, _) = try await self.headers(context, .GET, path)
                    #expect(headers.contentType?.subType == "html", "\(path)")
                    let policy = headers.first(name: .contentSecurityPolicy) ?? ""
                    #expect(
                        policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(path)")
                    #expect(!policy.contains("unsafe-inline"), "\(path)")
                    #expect(headers.first(name: .xFrameOptions) == "DENY", "\(path)")
                    #expect(headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                    #expect(headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
                    #expect(headers.first(name: .strictTransportSecurity) == nil, "plain HTTP: \(path)")
                }
                let (_, api, _) = try await self.headers(context, .GET, "/api/v1/requests", as: "BOR")
                #expect(api.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(api.first(name: .contentSecurityPolicy) == nil)
                let (_, css, _) = try await self.headers(context, .GET, "/css/app.css")
                #expect(css.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }

        @Test func noTemplateCarriesInlineScriptOrStyle() throws {
            let views = BinaryRunner.packageRoot.appendingPathComponent("Resources/Views")
            for file in try FileManager.default.contentsOfDirectory(atPath: views.path) where file.hasSuffix(".leaf") {
                let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8).lowercased()
                for inline in [
                    "<script>", "<style", " style=", " onclick=", " onload=", " onchange=", " onsubmit=", "javascript:",
                ] {
                    #expect(!text.contains(inline), "\(file) has \(inline)")
                }
            }
        }

        @Test func aMethodAPathDoesNotServeIsA405NamingTheOnesItDoes() async throws {
            try await withTestApp { context in
                let (trace, traceHeaders, _) = try await self.headers(context, .TRACE, "/")
                #expect(trace == .methodNotAllowed)
                #expect(traceHeaders.first(name: .allow) == "GET, HEAD")
                let (traceAnywhere, anywhereHeaders, _) = try await self.headers(context, .TRACE, "/no/such/path")
                #expect(traceAnywhere == .methodNotAllowed)
                #expect(anywhereHeaders.first(name: .allow) == "DELETE, GET, HEAD, POST, PUT")
                let (options, _, _) = try await self.headers(context, .OPTIONS, "/api/v1/requests", as: "BOR")
                #expect(options == .methodNotAllowed)
                let (delete, deleteHeaders, body) = try await self.headers(
                    context, .DELETE, "/api/v1/requests", as: "BOR")
                #expect(delete == .methodNotAllowed)
                #expect(deleteHeaders.first(name: .allow) == "GET, HEAD, POST")
                #expect(body.contains("DELETE is not allowed here"))
                let (put, putHeaders, _) = try await self.headers(
                    context, .PUT, "/api/v1/requests/IL-ABCDEF/history", as: "BOR")
                #expect(put == .methodNotAllowed)
                #expect(putHeaders.first(name: .allow) == "GET, HEAD")
                // A route's own 404 (no such request) and a path with no route at all stay 404.
                #expect(try await self.headers(context, .GET, "/api/v1/requests/IL-ZZZZZZ", as: "BOR").0 == .notFound)
                #expect(try await self.headers(context, .GET, "/no/such/path").0 == .notFound)
            }
        }
    }
}

/// Behind HTTPS (`INTERLOAN_SECURE_COOKIES=true`) every answer asks the browser to keep to HTTPS.
@Suite struct StrictTransportTests {
    @Test func behindHTTPSEveryAnswerCarriesStrictTransportSecurity() async throws {
        let app = try await Application.make(.testing)
        app.middleware.use(SecurityHeadersMiddleware(secure: true))
        app.get("page") { _ in Response(status: .ok, headers: ["Content-Type": "text/html"], body: "<p>x</p>") }
        app.get("data") { _ in ["a": 1] }
        for path in ["page", "data"] {
            try await app.testing().test(.GET, path) { response in
                #expect(response.headers.first(name: .strictTransportSecurity) == "max-age=31536000", "\(path)")
            }
        }
        try await app.asyncShutdown()
    }
}
