/// Removes the punctuation library catalogues end a field with (ISBD: `Title /`, `Title :`, `Publisher,`,
/// `Series ;`, `1668-1744.`), which a link copies from the record but a form should not show.
enum CatalogPunctuation {
    static let trailing: Set<Character> = ["/", ":", ";", ",", "=", "."]

    static func strip(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last == " " || Self.trailing.contains(last) {
            // An ellipsis or an initial's period inside a word stays; only a mark that ends the field goes.
            if last == ".", result.hasSuffix("..") { break }
            result = result.dropLast()
        }
        return String(result)
    }
}
