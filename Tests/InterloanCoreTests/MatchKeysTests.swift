import Testing

@testable import InterloanCore

@Suite struct MatchKeysTests {
    @Test(arguments: [
        ("0-19-852663-6", "9780198526636"),
        ("0198526636 (pbk.)", "9780198526636"),
        ("978-0-19-852663-6", "9780198526636"),
        ("9780198526636 (hardcover : alk. paper)", "9780198526636"),
        ("  978 0 19 852663 6 ", "9780198526636"),
        ("080442957X", "9780804429573"),
        ("080442957x", "9780804429573"),
        ("9791032305690", "9791032305690"),
    ])
    func isbnsOfBothLengthsMeetInOneKey(text: String, key: String) {
        #expect(MatchKeys.isbn(text) == key)
    }

    @Test(arguments: ["9780198526637", "12345", "978019852663X", "", "pbk.", "0-19-85266"])
    func implausibleISBNsHaveNoKey(text: String) {
        #expect(MatchKeys.isbn(text) == nil)
    }

    @Test(arguments: [("0028-0836", "0028-0836"), ("00280836", "0028-0836"), ("2049-363x (online)", "2049-363X")])
    func issnsAreHyphenated(text: String, key: String) {
        #expect(MatchKeys.issn(text) == key)
    }

    @Test(arguments: [
        ("ocm00012345", "12345"), ("ocn123456789", "123456789"), ("on1234567890", "1234567890"),
        ("(OCoLC)0042", "42"), ("(OCoLC)42 ", "42"), ("12345", "12345"),
    ])
    func oclcNumbersLoseTheirPrefixesAndZeros(text: String, key: String) {
        #expect(MatchKeys.oclc(text) == key)
    }

    @Test func oclcNumbersWithoutDigitsHaveNoKey() {
        #expect(MatchKeys.oclc("ocm") == nil)
        #expect(MatchKeys.oclc("(OCoLC)000") == nil)
    }

    @Test func titleAndAuthorKeysIgnoreCaseAccentsPunctuationAndLeadingArticles() {
        let catalogued = MatchKeys.titleAuthor(title: "The Salt Atlas : a history", author: "Fairweather, Quinn")
        let typed = MatchKeys.titleAuthor(title: "salt atlas: A History", author: "FAIRWEATHER Q.")
        #expect(catalogued == "salt atlas a history|fairweather")
        #expect(catalogued == typed)
        #expect(MatchKeys.titleAuthor(title: "Éléments de géométrie", author: nil) == "elements de geometrie|")
        #expect(MatchKeys.titleAuthor(title: " -- ", author: "x") == nil)
    }
}

/// The ASCII fast path and the general path of the title key agree on every shape of title.
struct TitleKeyPathTests {
    @Test(
        arguments: [
            ("The Salt Atlas", "Fairweather, Ann"), ("A", nil), ("The", "X"),
            ("An  orchard:  a history of roads, 1820-1900", "Holloway"),
            ("  --  ", nil), ("One two three four five six seven", "O'Hara"), ("THE LAST LANTERN", "  dunmore"),
            ("a b c d e f g", ""), ("Notes on Copper Weather (2nd ed.)", "Ember-Hart, J."), ("the the the", nil),
        ] as [(String, String?)])
    func asciiKeysEqualTheFoldedKeys(title: String, author: String?) {
        #expect(
            MatchKeys.asciiTitleAuthor(title: title, author: author)
                == MatchKeys.foldedTitleAuthor(title: title, author: author))
    }
}
