import Foundation

/// The forms in which identifiers are compared when matching holdings to requests: an ISBN-10 and its ISBN-13
/// become the same key, hyphens, spaces and qualifiers such as "(pbk.)" are ignored, OCLC numbers lose their
/// prefixes and leading zeros, and records without identifiers are matched on a title and author key.
public enum MatchKeys {
    /// The ISBN-13 an ISBN (10 or 13 digits, hyphenated or not, with any qualifier after it) stands for.
    /// A wrong ISBN-13 check digit is refused; an ISBN-10 is converted whatever its check digit, because
    /// catalogues carry many ISBN-10s with a mistyped last character that still name the right book.
    public static func isbn(_ text: String) -> String? {
        let bytes = self.leadingIdentifier(text, allowing: UInt8(ascii: "X"))
        switch bytes.count {
        case 13:
            guard bytes.allSatisfy(Self.isDigit), Self.isbn13CheckDigit(bytes[0..<12]) == bytes[12] else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case 10:
            guard bytes[0..<9].allSatisfy(Self.isDigit), Self.isDigit(bytes[9]) || bytes[9] == UInt8(ascii: "X")
            else { return nil }
            var stem: [UInt8] = Array("978".utf8) + bytes[0..<9]
            stem.append(Self.isbn13CheckDigit(stem[...]))
            return String(decoding: stem, as: UTF8.self)
        default:
            return nil
        }
    }

    /// An ISSN as `1234-567X`, or nil.
    public static func issn(_ text: String) -> String? {
        let bytes = self.leadingIdentifier(text, allowing: UInt8(ascii: "X"))
        guard bytes.count == 8, bytes[0..<7].allSatisfy(Self.isDigit),
            Self.isDigit(bytes[7]) || bytes[7] == UInt8(ascii: "X")
        else { return nil }
        return String(decoding: bytes[0..<4], as: UTF8.self) + "-" + String(decoding: bytes[4..<8], as: UTF8.self)
    }

    /// An OCLC number as plain digits without leading zeros: `ocm00012345`, `ocn123`, `on1234`, `(OCoLC)0123`.
    public static func oclc(_ text: String) -> String? {
        var rest = Substring(text).utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }[...]
        for prefix in Self.oclcPrefixes where rest.starts(with: prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        let digits = rest.prefix(while: Self.isDigit)
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
        return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }

    private static let oclcPrefixes = ["(OCoLC)", "(ocolc)", "ocm", "ocn", "on"].map { Array($0.utf8) }

    /// Title and author folded for matching records without identifiers: lower case, accents and punctuation
    /// gone, a leading article dropped, the first five words of the title and the author's first word (the
    /// surname in catalogue order).
    public static func titleAuthor(title: String, author: String?) -> String? {
        self.titleAuthor(title: title, author: author, prefixedWith: "")
    }

    /// The key after `prefix`, made as one string: imports ask for `ta:` keys by the million.
    static func titleAuthor(title: String, author: String?, prefixedWith prefix: String) -> String? {
        if title.utf8.allSatisfy({ $0 < 0x80 }), author?.utf8.allSatisfy({ $0 < 0x80 }) ?? true {
            return self.asciiTitleAuthor(title: title, author: author, prefix: prefix)
        }
        return self.foldedTitleAuthor(title: title, author: author).map { prefix + $0 }
    }

    /// The key for any text, through Foundation's folding.
    static func foldedTitleAuthor(title: String, author: String?) -> String? {
        var words = self.words(title)
        if let first = words.first, ["the", "a", "an"].contains(first), words.count > 1 { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        let surname = author.flatMap { self.words($0).first } ?? ""
        return words.prefix(5).joined(separator: " ") + "|" + surname
    }

    /// The same key for ASCII text, without a String per word: every holding of every import passes here.
    static func asciiTitleAuthor(title: String, author: String?, prefix: String = "") -> String? {
        var folded: [UInt8] = []
        folded.reserveCapacity(title.utf8.count)
        // Six words at most: five, plus a leading article that is dropped.
        var words: [Range<Int>] = []
        var start: Int?
        for byte in title.utf8 {
            let letter = Self.foldedASCII(byte)
            if letter != 0 {
                if start == nil { start = folded.count }
                folded.append(letter)
            } else if let begun = start {
                words.append(begun..<folded.count)
                start = nil
                if words.count == 6 { break }
            }
        }
        if let begun = start, words.count < 6 { words.append(begun..<folded.count) }
        guard !words.isEmpty else { return nil }
        if words.count > 1, Self.isArticle(folded[words[0]]) { words.removeFirst() }
        var key: [UInt8] = Array(prefix.utf8)
        key.reserveCapacity(64)
        for (index, word) in words.prefix(5).enumerated() {
            if index > 0 { key.append(UInt8(ascii: " ")) }
            key.append(contentsOf: folded[word])
        }
        key.append(UInt8(ascii: "|"))
        var started = false
        for byte in (author ?? "").utf8 {
            let letter = Self.foldedASCII(byte)
            if letter != 0 {
                started = true
                key.append(letter)
            } else if started {
                break
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// A lower-case letter or digit for an ASCII letter or digit; 0 for anything else.
    private static func foldedASCII(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
        default: return 0
        }
    }

    private static func isArticle(_ word: ArraySlice<UInt8>) -> Bool {
        word.elementsEqual("the".utf8) || word.elementsEqual("a".utf8) || word.elementsEqual("an".utf8)
    }

    /// Lower-case words of letters and digits. Plain ASCII, most of any catalogue, is split byte by byte; other
    /// text is folded by Foundation first, which is correct for accents and far slower.
    static func words(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            return folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        }
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default:
                if !word.isEmpty {
                    words.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// The identifier at the start of `text`: digits (and `extra`, in either case), hyphens and spaces skipped,
    /// up to the first other character, so `0-19-852663-6 (pbk.)` reads as `0198526636`.
    private static func leadingIdentifier(_ text: String, allowing extra: UInt8) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(13)
        for byte in text.utf8 {
            let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
            if Self.isDigit(upper) || upper == extra {
                bytes.append(upper)
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                continue
            } else {
                break
            }
        }
        return bytes
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isbn13CheckDigit(_ digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (index, digit) in digits.enumerated() {
            sum += Int(digit - UInt8(ascii: "0")) * (index.isMultiple(of: 2) ? 1 : 3)
        }
        return UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10)
    }
}
