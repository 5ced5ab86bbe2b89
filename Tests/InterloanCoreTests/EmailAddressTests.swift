import InterloanCore
import Testing

/// The one rule for every email field.
@Suite struct EmailAddressTests {
    @Test(arguments: ["ill@library.example.org", "a.b+c@x.io", "first_last@sub.domain.example", "o'brien@example.org"])
    func anOrdinaryAddressIsValid(_ address: String) {
        #expect(EmailAddress.isValid(address))
        #expect(EmailAddress.problem(with: address, field: "email") == nil)
    }

    @Test(arguments: [
        "", "plain", "@example.org", "a@", "a@b", "a@@example.org", "a@b@example.org", "a@.example.org",
        "a@example.org.", "a@example..org", "a b@example.org", "a@exa mple.org", " a@example.org", "\"a\"@example.org",
        "a\"b@example.org", "<a@example.org>", "a<b@example.org", "a>b@example.org", "a@example.org\r\nBcc: x@y.z",
        "a\u{0}@example.org", "a\t@example.org", "a@example.org,b@example.org", "a;b@example.org", "a(b)@example.org",
        "a\\b@example.org", "a@[127.0.0.1]", "a\u{2028}@example.org", "a\u{A0}b@example.org",
        String(repeating: "a", count: 250) + "@example.org",
    ])
    func anythingElseIsRefusedNamingTheField(_ address: String) {
        #expect(!EmailAddress.isValid(address))
        #expect(EmailAddress.problem(with: address, field: "patron.email")?.field == "patron.email")
    }
}
