import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

/// Where a request comes from, as the sign-in throttle counts it.
@Suite struct ClientAddressTests {
    static let proxies: Set<String> = ["10.0.0.1", "10.0.0.2"]

    @Test(
        arguments: [
            // (peer, X-Forwarded-For, expected)
            ("192.0.2.7", [], "192.0.2.7"),
            ("192.0.2.7", ["198.51.100.1"], "192.0.2.7"),  // not from a trusted proxy: the header is anyone's text
            ("10.0.0.1", ["198.51.100.1"], "198.51.100.1"),
            ("10.0.0.1", ["203.0.113.9, 198.51.100.1"], "198.51.100.1"),  // the client can write the left part
            ("10.0.0.1", ["198.51.100.1, 10.0.0.2"], "198.51.100.1"),  // through two trusted proxies
            ("10.0.0.1", ["198.51.100.1", "10.0.0.2"], "198.51.100.1"),  // the same in two header lines
            ("10.0.0.1", ["not-an-address"], "10.0.0.1"),
            ("10.0.0.1", ["198.51.100.1\r\nX-Evil: 1"], "10.0.0.1"),
            ("10.0.0.1", [""], "10.0.0.1"),
            ("10.0.0.1", ["2001:DB8::1"], "2001:db8::1"),
            (nil, ["198.51.100.1"], "unknown"),
        ] as [(String?, [String], String)])
    func theClientIsThePeerOrWhatTrustedProxiesSay(peer: String?, forwardedFor: [String], expected: String) {
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trusted: Self.proxies) == expected)
    }

    @Test func trustedProxiesAreReadAsAddressesAndAnythingElseIsNamed() throws {
        let settings = try Settings.fromEnvironment(["INTERLOAN_TRUSTED_PROXIES": "127.0.0.1, ::1,10.0.0.1"])
        #expect(settings.trustedProxies == ["127.0.0.1", "::1", "10.0.0.1"])
        #expect(throws: SettingsError.self) {
            try Settings.fromEnvironment(["INTERLOAN_TRUSTED_PROXIES": "10.0.0.0/8"])
        }
        do {
            _ = try Settings.fromEnvironment(["INTERLOAN_TRUSTED_PROXIES": "proxy.example.org"])
        } catch let error as SettingsError {
            #expect(error.variable == "INTERLOAN_TRUSTED_PROXIES")
            #expect(error.problem.contains("'proxy.example.org' is none"))
        }
    }

    @Test func manyEmailsTriedFromOneAddressAreSlowedDownAndOtherAddressesAreNot() {
        let throttle = LoginThrottle()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for attempt in 0..<20 {
            #expect(throttle.delay(for: "user\(attempt)@example.org", from: "192.0.2.7", at: now) == nil)
            throttle.recordFailure(for: "user\(attempt)@example.org", from: "192.0.2.7", at: now)
        }
        #expect(throttle.delay(for: "someone-new@example.org", from: "192.0.2.7", at: now) == 2)
        #expect(throttle.delay(for: "someone-new@example.org", from: "192.0.2.8", at: now) == nil)
        // A right password for one email does not clear the address.
        throttle.recordSuccess(for: "user0@example.org")
        #expect(throttle.delay(for: "user0@example.org", from: "192.0.2.7", at: now) == 2)
        // An hour on, the failures are forgotten.
        #expect(
            throttle.delay(for: "someone-new@example.org", from: "192.0.2.7", at: now.addingTimeInterval(3601)) == nil)
    }
}

extension DatabaseTests.WebPagesTests {
    @Test func signInsFromOneAddressAcrossManyAccountsAreSlowedDown() async throws {
        try await withTestApp { context in
            var web = WebClient(context)
            for email in [
                "staff@bor.example.org", "staff@len.example.org", "staff@len2.example.org",
                "staff@oth.example.org", "staff@part.example.org",
            ] {
                for _ in 0..<4 {
                    #expect(try await web.signIn(email, password: "not the password").status == .unauthorized)
                }
            }
            let throttled = try await web.signIn("team@test.example.org")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.html.contains("Too many failed attempts"))
            #expect(web.sessionCookie == nil)
        }
    }
}
