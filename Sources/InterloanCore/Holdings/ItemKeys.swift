/// The holdings match keys a requested item is looked up by: identifiers first, then title and author.
public struct ItemKeys: Sendable, Equatable {
    /// `isbn:`, `issn:` and `oclc:` keys of the identifiers that normalise.
    public var identifiers: [String]
    /// The `ta:` key; without an author it ends at the separator and matches any author as a prefix.
    public var titleAuthor: String?
    public var titleAuthorIsPrefix: Bool

    public init(isbn: String?, issn: String?, oclcNumber: String?, title: String?, author: String?) {
        var keys: [String] = []
        if let key = isbn.flatMap(MatchKeys.isbn) { keys.append("isbn:" + key) }
        if let key = issn.flatMap(MatchKeys.issn) { keys.append("issn:" + key) }
        if let key = oclcNumber.flatMap(MatchKeys.oclc) { keys.append("oclc:" + key) }
        self.identifiers = keys
        let hasAuthor = !(author ?? "").allSatisfy(\.isWhitespace)
        self.titleAuthor = title.flatMap { MatchKeys.titleAuthor(title: $0, author: hasAuthor ? author : nil) }
            .map { "ta:" + $0 }
        self.titleAuthorIsPrefix = !hasAuthor
    }
}
