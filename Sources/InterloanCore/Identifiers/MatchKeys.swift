import Foundation

/// The forms in which identifiers are compared when matching holdings to requests: an ISBN-10 and its ISBN-13
/// become the same key, hyphens, spaces and qualifiers such as "(pbk.)" are ignored, OCLC numbers lose their
/// prefixes and leading zeros, and records without identifiers are matched on a title and author key.
public enum MatchKeys {
    /// The ISBN-13 an ISBN (10 or 13 digits, hyphenated or not, with any qualifier after it) stands for.
    /// A wrong ISBN-13 check digit is refused; an ISBN-10 is converted whatever its check digit, because
    /// catalogues carry many ISBN-10s with a mistyped last character that still name the right book.
    public static func isbn(_ text: String) -> String? {
        let characters = self.leadingIdentifier(text, allowing: "X")
        switch characters.count {
        case 13:
            guard characters.allSatisfy(\.isASCIIDigit), Self.isbn13CheckDigit(characters.prefix(12)) == characters.last
            else { return nil }
            return String(characters)
        case 10:
            guard characters.prefix(9).allSatisfy(\.isASCIIDigit),
                characters.last!.isASCIIDigit || characters.last == "X"
            else { return nil }
            let stem = Array("978") + characters.prefix(9)
            return String(stem) + String(Self.isbn13CheckDigit(stem[...]))
        default:
            return nil
        }
    }

    /// An ISSN as `1234-567X`, or nil.
    public static func issn(_ text: String) -> String? {
        let characters = self.leadingIdentifier(text, allowing: "X")
        guard characters.count == 8, characters.prefix(7).allSatisfy(\.isASCIIDigit),
            characters.last!.isASCIIDigit || characters.last == "X"
        else { return nil }
        return String(characters.prefix(4)) + "-" + String(characters.suffix(4))
    }

    /// An OCLC number as plain digits without leading zeros: `ocm00012345`, `ocn123`, `on1234`, `(OCoLC)0123`.
    public static func oclc(_ text: String) -> String? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        for prefix in ["(OCoLC)", "(ocolc)", "ocm", "ocn", "on"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        let digits = rest.prefix { $0.isASCIIDigit }
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// Title and author folded for matching records without identifiers: lower case, accents and punctuation
    /// gone, a leading article dropped, the first five words of the title and the author's first word (the
    /// surname in catalogue order).
    public static func titleAuthor(title: String, author: String?) -> String? {
        var words = self.words(title)
        if let first = words.first, ["the", "a", "an"].contains(first), words.count > 1 { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        let surname = author.flatMap { self.words($0).first } ?? ""
        return words.prefix(5).joined(separator: " ") + "|" + surname
    }

    private static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The identifier at the start of `text`: digits (and `extra`), hyphens and spaces skipped, up to the first
    /// other character, so `0-19-852663-6 (pbk.)` reads as `0198526636`.
    private static func leadingIdentifier(_ text: String, allowing extra: Character) -> [Character] {
        var characters: [Character] = []
        for character in text.trimmingCharacters(in: .whitespaces).uppercased() {
            if character.isASCIIDigit || character == extra {
                characters.append(character)
            } else if character == "-" || character == " " {
                continue
            } else {
                break
            }
        }
        return characters
    }

    private static func isbn13CheckDigit(_ digits: ArraySlice<Character>) -> Character {
        var sum = 0
        for (index, digit) in digits.enumerated() {
            sum += (digit.wholeNumberValue ?? 0) * (index.isMultiple(of: 2) ? 1 : 3)
        }
        return Character(String((10 - sum % 10) % 10))
    }
}
