/// The one rule every email field is held to: `local@domain`, one `@`, a domain of dotted labels, and none of
/// the characters that make an address ambiguous or dangerous where it is written next (spaces, quotes, angle
/// brackets, the separators of a header's address list, control characters).
///
/// RFC 5321 allows quoted local parts and more; no library's or patron's address needs them, and each is a way
/// to smuggle something into a mail header or a page.
public enum EmailAddress {
    /// The longest address SMTP carries, in characters as JSON Schema counts them (Unicode scalars).
    public static let maximumLength = 254
    static let forbidden: Set<Character> = ["\"", "<", ">", "(", ")", "[", "]", ",", ";", ":", "\\"]

    public static func isValid(_ text: String) -> Bool {
        guard text.unicodeScalars.count <= self.maximumLength else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return false }
        return !text.unicodeScalars.contains { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.isWhitespace
                || self.forbidden.contains(Character(scalar))
        }
    }

    /// What to tell a person whose `field` holds something else.
    public static func problem(with text: String, field: String) -> FieldError? {
        self.isValid(text)
            ? nil : FieldError(field: field, message: "must be an email address such as ill@library.example.org")
    }
}
