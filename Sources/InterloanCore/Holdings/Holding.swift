/// One title a library holds, with the keys it is found by.
public struct Holding: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var callNumber: String?
    public var lendable: Bool
    /// Match keys (`MatchKeys`), kind-prefixed: `isbn:9780198526636`, `issn:0028-0836`, `oclc:42`, and
    /// `ta:salt atlas|fairweather` for every record with a title.
    public var keys: [String]

    public init(title: String?, author: String?, callNumber: String?, lendable: Bool, identifiers: [String: [String]]) {
        var keys: [String] = []
        for isbn in identifiers["isbn"] ?? [] { if let key = MatchKeys.isbn(isbn) { keys.append("isbn:" + key) } }
        for issn in identifiers["issn"] ?? [] { if let key = MatchKeys.issn(issn) { keys.append("issn:" + key) } }
        for oclc in identifiers["oclc"] ?? [] { if let key = MatchKeys.oclc(oclc) { keys.append("oclc:" + key) } }
        if let title, let key = MatchKeys.titleAuthor(title: title, author: author) { keys.append("ta:" + key) }
        var distinct: [String] = []
        for key in keys where !distinct.contains(key) { distinct.append(key) }
        self.init(title: title, author: author, callNumber: callNumber, lendable: lendable, keys: distinct)
    }

    /// A holding whose keys are already normalised and distinct.
    init(title: String?, author: String?, callNumber: String?, lendable: Bool, keys: [String]) {
        self.title = title
        self.author = author
        self.callNumber = callNumber
        self.lendable = lendable
        self.keys = keys
    }
}

/// What reading a holdings file gave: the holdings, and each record skipped with where it is and why.
public struct HoldingsFile: Sendable, Equatable {
    /// A record that was skipped, e.g. `line 7: the isbn column holds "12", which is no ISBN`.
    public struct Rejection: Sendable, Equatable, CustomStringConvertible {
        public var position: String
        public var reason: String

        public init(position: String, reason: String) {
            self.position = position
            self.reason = reason
        }

        public var description: String { "\(self.position): \(self.reason)" }
    }

    public var recordsRead = 0
    public var holdings: [Holding] = []
    public var rejections: [Rejection] = []

    public init() {}
}
