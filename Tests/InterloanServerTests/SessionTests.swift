import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Sessions exist only for people who signed in, under an identifier issued at sign-in, and end.
    @Suite struct SessionTests {
        func sessionRows(_ context: TestContext) async throws -> [(digest: String, expires: Date)] {
            try await context.app.db.asSQL.select().columns("id_digest", "expires_at")
                .from(WebSessionRecord.table).all()
                .map {
                    (
                        try $0.decode(column: "id_digest", as: String.self),
                        try $0.decode(column: "expires_at", as: Date.self)
                    )
                }
        }

        @Test func anonymousPagesStoreNoSessionAndTheirFormsStillCarryAToken() async throws {
            try await withTestApp { context in
                var visitor = WebClient(context)
                for path in ["/", "/login", "/lists", "/login?next=%2Fsettings", "/no-such-page"] {
                    _ = try await visitor.get(path)
                }
                #expect(try await self.sessionRows(context).isEmpty)
                #expect(visitor.sessionCookie == nil)
                let login = try await visitor.get("/login")
                #expect(WebClient.csrf(in: login.html)?.isEmpty == false)
                // A forged or altered token cookie is no token.
                visitor.cookies["interloan_csrf"] = (visitor.cookies["interloan_csrf"] ?? "") + "x"
                let refused = try await visitor.post(
                    "/login", ["email": "staff@bor.example.org", "password": testPassword],
                    csrf: WebClient.csrf(in: login.html))
                #expect(refused.status == .forbidden)
                #expect(try await self.sessionRows(context).isEmpty)
            }
        }

        @Test func aStaleSessionCookieIsDroppedWithoutARowBeingWritten() async throws {
            try await withTestApp { context in
                var visitor = WebClient(context)
                visitor.cookies["interloan_session"] = "il_planted-by-someone-else"
                let page = try await visitor.get("/login")
                #expect(page.status == .ok)
                #expect(visitor.sessionCookie == nil)
                #expect(try await self.sessionRows(context).isEmpty)
            }
        }

        @Test func theSessionIdentifierIsNewAtSignInAndGoneAtSignOut() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let first = try #require(web.sessionCookie)
                let rows = try await self.sessionRows(context)
                #expect(rows.count == 1)
                // Only a digest is stored: the table does not hold the identifier itself.
                #expect(rows.first?.digest == APITokens.digest(first))
                #expect(rows.first?.expires == testNow.addingTimeInterval(WebSession.lifetime))

                // Signing in again, as another person, with the old cookie: a new identifier, the old one gone.
                try await web.signIn("staff@len.example.org")
                let second = try #require(web.sessionCookie)
                #expect(second != first)
                #expect(try await self.sessionRows(context).map(\.digest) == [APITokens.digest(second)])
                var replay = WebClient(context)
                replay.cookies["interloan_session"] = first
                #expect(try await replay.get("/queues/borrowing/new").location?.hasPrefix("/login") == true)

                _ = try await web.post("/logout", [:])
                #expect(web.sessionCookie == nil)
                #expect(try await self.sessionRows(context).isEmpty)
                replay.cookies["interloan_session"] = second
                #expect(try await replay.get("/queues/borrowing/new").location?.hasPrefix("/login") == true)
            }
        }

        @Test func expiredSessionsAreRemovedByTheScheduler() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                var other = WebClient(context)
                try await other.signIn("staff@len.example.org")
                let beforeExpiry = try await ScheduledJobs.runOnce(
                    asOf: testNow.addingTimeInterval(WebSession.lifetime - 1), on: context.app)
                #expect(beforeExpiry.changed(by: "expired-sessions") == 0)
                #expect(try await self.sessionRows(context).count == 2)
                let after = try await ScheduledJobs.runOnce(
                    asOf: testNow.addingTimeInterval(WebSession.lifetime), on: context.app)
                #expect(after.changed(by: "expired-sessions") == 2)
                #expect(try await self.sessionRows(context).isEmpty)
            }
        }

        @Test func aSignInReturnsOnlyToAPathOfThisSite() async throws {
            try await withTestApp { context in
                let hostile = [
                    "/settings\r\nSet-Cookie: evil=1", "%2Fsettings%0D%0ASet-Cookie:%20evil=1", "//evil.example.org",
                    "https://evil.example.org/", "/\\evil.example.org",
                ]
                for next in hostile {
                    var web = WebClient(context)
                    let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let form = try await web.get("/login?next=\(encoded)")
                    #expect(form.html.contains(#"name="next" value="/""#), "\(next)")
                    let signedIn = try await web.post(
                        "/login", ["email": "staff@bor.example.org", "password": testPassword, "next": next],
                        tokenFrom: "/login")
                    #expect(signedIn.location == "/", "\(next)")
                    #expect(web.cookies["evil"] == nil)
                }
                var web = WebClient(context)
                let signedIn = try await web.post(
                    "/login", ["email": "staff@bor.example.org", "password": testPassword, "next": "/search?q=a+b"],
                    tokenFrom: "/login")
                #expect(signedIn.location == "/search?q=a+b")
            }
        }
    }
}
