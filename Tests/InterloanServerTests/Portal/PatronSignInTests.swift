import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The three ways a library's patrons sign in: Interloan's own password, barcode and PIN checked by the ILS
    /// over NCIP, and a trusted proxy's header.
    @Suite struct PatronSignInTests {
        static func accounts(_ context: TestContext) async throws -> [PatronRecord] {
            try await context.app.reads.select().column("*").from(PatronRecord.table).orderBy("id")
                .all(reading: PatronRecord.self)
        }

        @Test func aWrongPasswordSignsNobodyInAndRepeatedFailuresAreSlowedDown() async throws {
            try await withTestApp { context in
                _ = try await PortalPatron.signIn(context)
                var browser = WebClient(context)
                let wrong = try await browser.post(
                    "/my/login", ["library": "BOR", "identifier": "21234000555", "password": "guess"],
                    tokenFrom: "/my/login")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.html.contains("The card number or the password is wrong."))
                #expect(browser.sessionCookie == nil)
                let otherLibrary = try await browser.post(
                    "/my/login", ["library": "LEN", "identifier": "21234000555", "password": PortalPatron.password],
                    tokenFrom: "/my/login")
                #expect(otherLibrary.status == .unauthorized, "an account belongs to one library")
                for _ in 0..<4 {
                    _ = try await browser.post(
                        "/my/login", ["library": "BOR", "identifier": "21234000555", "password": "guess"],
                        tokenFrom: "/my/login")
                }
                let throttled = try await browser.post(
                    "/my/login", ["library": "BOR", "identifier": "21234000555", "password": PortalPatron.password],
                    tokenFrom: "/my/login")
                #expect(throttled.status == .tooManyRequests, "even the right password waits once throttled")

                var byEmail = WebClient(context)
                let signed = try await byEmail.post(
                    "/my/login",
                    ["library": "BOR", "identifier": "WREN@example.org", "password": PortalPatron.password],
                    tokenFrom: "/my/login")
                #expect(signed.location == "/my", "the email signs in as well as the card number")
            }
        }

        @Test func theILSChecksBarcodeAndPINAndItsAnswerMakesTheAccount() async throws {
            let responder = try await FakeNCIPResponder.start()
            do {
                try await withTestApp { context in
                    _ = try await DatabaseTests.ILSOutboxTests.connect(context, to: responder.endpoint)
                    try await PortalPatron.set("patron_sign_in", to: "ncip", context)
                    responder.answer(
                        .xml(
                            """
                            <NCIPMessage xmlns="http://www.niso.org/2008/ncip"><LookupUserResponse><Problem>\
                            <ProblemType>User Authentication Failed</ProblemType></Problem></LookupUserResponse>\
                            </NCIPMessage>
                            """))
                    var browser = WebClient(context)
                    let refused = try await browser.post(
                        "/my/login", ["library": "BOR", "identifier": "P 1", "password": "0000"],
                        tokenFrom: "/my/login")
                    #expect(refused.status == .unauthorized)
                    #expect(try await Self.accounts(context).isEmpty, "a refused PIN creates no account")
                    let sent = try #require(responder.received.last)
                    #expect(sent.contains("<AuthenticationInputData>0000</AuthenticationInputData>"))
                    #expect(sent.contains("<AuthenticationInputType>PIN</AuthenticationInputType>"))

                    responder.answer(.xml(try NCIPClientTests.sample("aleph22_response_user-lookup-by-UserId.xml")))
                    let signedIn = try await browser.post(
                        "/my/login", ["library": "BOR", "identifier": "P 1", "password": "1234"],
                        tokenFrom: "/my/login")
                    #expect(signedIn.location == "/my")
                    let account = try #require(try await Self.accounts(context).first)
                    #expect(account.barcode == "P 1" && account.source == .ncip)
                    #expect(account.name == "Pokus1 Přijmení" && account.email == "test@mzk.cz")
                    #expect(account.passwordHash == nil, "the PIN is never kept")
                    #expect(try await browser.get("/my").html.contains("Pokus1 Přijmení"))

                    try await responder.stop()
                    var later = WebClient(context)
                    let unavailable = try await later.post(
                        "/my/login", ["library": "BOR", "identifier": "P 1", "password": "1234"],
                        tokenFrom: "/my/login")
                    #expect(unavailable.status == .serviceUnavailable)
                    #expect(unavailable.html.contains("did not answer"))
                }
            } catch {
                try? await responder.stop()
                throw error
            }
        }

        @Test func aHeaderIsBelievedOnlyFromATrustedProxy() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_sign_in", to: "header", context)
                var browser = WebClient(context)
                let forged = try await browser.get("/my/login?library=BOR")
                #expect(forged.status == .forbidden, "a test client is no trusted proxy, whatever it writes")
                #expect(forged.html.contains("single sign-on"))
                #expect(try await Self.accounts(context).isEmpty)
                let posted = try await browser.post(
                    "/my/login", ["library": "BOR", "identifier": "x", "password": "y"], tokenFrom: "/my/login")
                #expect(posted.status == .forbidden)
            }
        }

        /// Over a real socket, where the peer's address is known: the proxy on loopback is trusted, and its header
        /// signs the patron in, creating the account; untrusted, the same request is refused and creates nothing.
        @Test func aTrustedProxysHeaderSignsInOverARealConnection() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_sign_in", to: "header", context)
                let live = try context.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                var status = HTTPResponseStatus.ok
                try await live.test(.GET, "/my/login?library=BOR", headers: ["REMOTE_USER": "21234000777"]) {
                    status = $0.status
                }
                #expect(status == .forbidden, "loopback is not trusted until the operator says so")
                #expect(try await Self.accounts(context).isEmpty)

                context.app.trustedProxies = ["127.0.0.1"]
                try await live.test(.GET, "/my/login?library=BOR", headers: ["REMOTE_USER": "21234000777"]) {
                    status = $0.status
                }
                #expect(status != .forbidden)
                let account = try #require(try await Self.accounts(context).first)
                #expect(account.barcode == "21234000777" && account.source == .header)
                #expect(account.passwordHash == nil)
            }
        }

        @Test(
            arguments: [
                ("10.0.0.2", ["21234000555"], "21234000555"),
                ("10.0.0.9", ["21234000555"], nil),
                (nil, ["21234000555"], nil),
                ("10.0.0.2", [], nil),
                ("10.0.0.2", ["a", "b"], nil),
                ("10.0.0.2", ["  "], nil),
                ("10.0.0.2", ["bad\u{7}value"], nil),
                ("10.0.0.2", [String(repeating: "9", count: 65)], nil),
            ] as [(String?, [String], String?)])
        func theProxysHeaderNamesOnePatron(peer: String?, values: [String], expected: String?) {
            let result = PatronAuthenticator.proxiedIdentity(peer: peer, values: values, trusted: ["10.0.0.2"])
            #expect((try? result.get()) == expected)
        }
    }
}

extension DatabaseTests.PatronSignInTests {
    /// Settings › Patrons: a library's staff switch each option; a made-up sign-in method changes nothing.
    @Test func staffSwitchEachPortalOption() async throws {
        try await withTestApp { context in
            var staff = WebClient(context)
            try await staff.signIn("staff@bor.example.org")
            let page = try await staff.get("/settings/patrons")
            #expect(page.html.contains(#"name="signIn" value="local" checked"#))
            #expect(page.html.contains("/my/login?library=BOR"))
            let saved = try await staff.post(
                "/settings/patrons", ["signIn": "ncip", "unmediated": "on", "forwardRenewals": "on"],
                tokenFrom: "/settings/patrons")
            #expect(saved.location == "/settings/patrons")
            func options() async throws -> PatronPortalOptions {
                PatronPortalOptions(
                    try #require(try await LibraryModel.query(on: context.app.db).filter(\.$symbol == "BOR").first()))
            }
            #expect(try await options() == PatronPortalOptions(signIn: .ncip, unmediated: true, forwardRenewals: true))
            let refused = try await staff.post(
                "/settings/patrons", ["signIn": "telepathy"], tokenFrom: "/settings/patrons")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("Choose how patrons sign in"))
            #expect(try await options() == PatronPortalOptions(signIn: .ncip, unmediated: true, forwardRenewals: true))
            _ = try await staff.post("/settings/patrons", ["signIn": "local"], tokenFrom: "/settings/patrons")
            #expect(try await options() == PatronPortalOptions())
            var team = WebClient(context)
            try await team.signIn("team@test.example.org")
            #expect(try await team.get("/settings/patrons").status == .notFound)
        }
    }
}
