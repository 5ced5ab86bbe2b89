import SQLKit

/// The match keys a holdings lookup wants: some exact keys (identifiers, a full title and author) in the
/// libraries whose key filters may hold one of them, or every key that starts with a prefix (a title searched
/// without its author) in every library.
///
/// Keys are clustered by library (`013_ClusterHoldingKeysByLibrary`), so a lookup walks the libraries and seeks
/// the keys inside each one's range: `libraries l CROSS JOIN holding_keys k` keeps that order in SQLite, whose
/// planner treats CROSS JOIN as a fixed nesting (further tables joined the same way, conditions in WHERE, keep
/// it from starting with a scan of them). Exact keys seek only the few libraries the filters name; a prefix,
/// which no filter can answer, seeks every library.
enum HoldingKeyMatch {
    case exactly([String], among: [Int])
    case prefix(String)

    /// Exact `keys`, in the libraries `filters` say may hold one of them.
    static func exactly(_ keys: [String], filters: KeyFilterSet) -> Self {
        .exactly(keys, among: filters.libraries(possiblyHolding: keys))
    }

    /// Lendable records per library holding a wanted key: `library_id`, `copies`; nil when no library can.
    var lendableCopiesQuery: SQLQueryString? {
        guard let condition = self.condition else { return nil }
        return """
            SELECT l.id AS library_id, COUNT(DISTINCT k.record) AS copies FROM \(Self.librariesThenKeys)
            WHERE \(condition) AND k.lendable GROUP BY l.id
            """
    }

    /// What each library holding a wanted key has: `library_id`, `records`, and one `title`, `author` and
    /// `call_number` of them, `lendable` 1 when any is. At most 200 libraries; nil when no library can match.
    var holdersQuery: SQLQueryString? {
        guard let condition = self.condition else { return nil }
        // PostgreSQL has no MAX of booleans, hence the CASE.
        return """
            SELECT l.id AS library_id, COUNT(DISTINCT k.record) AS records, MAX(r.title) AS title, MAX(r.author) AS author,
                MAX(r.call_number) AS call_number, MAX(CASE WHEN k.lendable THEN 1 ELSE 0 END) AS lendable
            FROM \(Self.librariesThenKeys) CROSS JOIN holding_records r
            WHERE \(condition) AND r.library_id = k.library_id AND r.record = k.record
            GROUP BY l.id LIMIT 200
            """
    }

    /// The tables every lookup starts from, in this order.
    private static let librariesThenKeys: SQLQueryString = "libraries l CROSS JOIN holding_keys k"

    /// The condition on `l` and `k` that picks the wanted keys of each library; nil when there is nothing to seek.
    private var condition: SQLQueryString? {
        switch self {
        case .exactly(let keys, let libraries):
            guard !keys.isEmpty, !libraries.isEmpty else { return nil }
            return "l.id IN (\(binds: libraries)) AND k.library_id = l.id AND k.match_key IN (\(binds: keys))"
        case .prefix(let prefix):
            // A range rather than LIKE: it uses the index in both databases and takes `%` and `_` literally.
            return "k.library_id = l.id AND k.match_key >= \(bind: prefix) AND k.match_key < \(bind: prefix + "\u{10FFFF}")"
        }
    }
}
