import Testing

@testable import InterloanServer

/// Every target a client could choose for a redirect: only a plain path of this site survives.
@Suite struct RedirectTargetTests {
    @Test(arguments: [
        "/settings\r\nSet-Cookie: evil=1", "/settings\nLocation: //evil", "/settings\r", "/a%0d%0aSet-Cookie:x=1",
        "/a%0Aevil", "%2F%2Fevil.example.org", "/%2Fevil.example.org", "/%5Cevil.example.org",
        "//evil.example.org", "///evil.example.org", "/\\evil.example.org", "\\\\evil.example.org", "/a\\b",
        "https://evil.example.org", "http:/evil.example.org", "javascript:alert(1)", "evil.example.org",
        "\t/settings", " /settings", "/ /settings", "/\t/evil.example.org", "/settings ", "/a\u{0}b", "/a\u{7F}",
        "/a\u{85}b", "/a\u{2028}b", "/a\u{200B}b", "/a\u{3000}b", "/%E2%80%A8", "/%00", "/%zz", "", "settings",
        "/" + String(repeating: "a", count: 5000), "/search?q=a b", "/%0a?q=1",
    ])
    func aTargetThatCouldLeaveThisSiteOrBreakAHeaderBecomesTheHomePage(_ target: String) {
        #expect(RedirectTarget.sameSite(target) == "/")
    }

    @Test(arguments: [
        "/", "/settings", "/requests/IL-ABC123#claims", "/search?q=a+b&page=2", "/lists/news?q=caf%C3%A9",
        "/search?q=a%20b", "/openurl?rft.title=Viking%20empires&rft_id=info%3Adoi%2F10.1000%2F182",
        "/openurl?title=%0D%0ASet-Cookie:x",
    ])
    func aPlainPathOfThisSiteIsKept(_ target: String) {
        #expect(RedirectTarget.sameSite(target) == target)
    }

    @Test func nothingBecomesTheHomePage() {
        #expect(RedirectTarget.sameSite(nil) == "/")
    }
}
