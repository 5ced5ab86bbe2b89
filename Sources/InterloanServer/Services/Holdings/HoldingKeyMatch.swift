import Foundation
import InterloanCore
import SQLKit

/// The match keys a holdings lookup wants: some exact keys (identifiers, a full title and author) in the
/// libraries whose key filters may hold one of them, or every key that starts with a prefix (a title searched
/// without its author) in every library.
///
/// Keys are stored in blocks clustered by library and first key (`HoldingBlockStore`): an exact key is in the
/// last block of its library whose first key is not after it, a prefix in that block and the ones up to the
/// end of the prefix's range. `libraries l CROSS JOIN holding_key_blocks b` walks the libraries and seeks in
/// each one's range (SQLite's planner keeps a CROSS JOIN's order). Exact keys seek only the few libraries the
/// filters name; a prefix, which no filter can answer, seeks every library.
enum HoldingKeyMatch {
    case exactly([String], among: [Int])
    case prefix(String)

    /// Exact `keys`, in the libraries `filters` say may hold one of them.
    static func exactly(_ keys: [String], filters: KeyFilterSet) -> Self {
        .exactly(keys, among: filters.libraries(possiblyHolding: keys))
    }

    /// The entries of the wanted keys, by library; a library with none is absent.
    func entries(on sql: any SQLDatabase) async throws -> [Int: [HoldingKeyEntry]] {
        guard let query = self.blocksQuery else { return [:] }
        let rows = try await sql.raw(query).all(decoding: StoredKeyBlock.self)
        let selection = self.selection
        var read: Set<BlockName> = []
        var found: [Int: [HoldingKeyEntry]] = [:]
        for row in rows where read.insert(BlockName(libraryID: row.libraryID, firstKey: row.firstKey)).inserted {
            // A block only a later version can read is passed over; imports by this version refuse to rewrite it.
            guard let entries = KeyBlock.entries(in: [UInt8](row.data), selecting: selection), !entries.isEmpty else {
                continue
            }
            found[row.libraryID, default: []] += entries
        }
        return found
    }

    /// The blocks that may hold a wanted key: `library_id`, `first_key`, `data`; nil when there is nothing to seek.
    var blocksQuery: SQLQueryString? {
        switch self {
        case .exactly(let keys, let libraries):
            guard !keys.isEmpty, !libraries.isEmpty else { return nil }
            let selects = keys.map { key -> SQLQueryString in
                """
                SELECT b.library_id, b.first_key, b.data FROM \(Self.librariesThenBlocks)
                WHERE l.id IN (\(binds: libraries)) AND b.library_id = l.id AND b.first_key = \(Self.lastBlockStart(atOrBefore: key))
                """
            }
            return selects.dropFirst().reduce(selects[0]) { "\($0) UNION ALL \($1)" }
        case .prefix(let prefix):
            return """
                SELECT b.library_id, b.first_key, b.data FROM \(Self.librariesThenBlocks)
                WHERE b.library_id = l.id AND b.first_key >= COALESCE(\(Self.lastBlockStart(atOrBefore: prefix)), '')
                AND b.first_key < \(bind: prefix + "\u{10FFFF}")
                """
        }
    }

    private static let librariesThenBlocks: SQLQueryString =
        "libraries l CROSS JOIN \(ident: HoldingBlockStore.keyTable) b"

    /// The first key of library `l`'s last block starting at or before `key`. Written as the first row of a
    /// descending range rather than MAX: SQLite then seeks once instead of reading the library's range up to `key`.
    private static func lastBlockStart(atOrBefore key: String) -> SQLQueryString {
        """
        (SELECT x.first_key FROM \(ident: HoldingBlockStore.keyTable) x WHERE x.library_id = l.id AND x.first_key <= \(bind: key)
            ORDER BY x.first_key DESC LIMIT 1)
        """
    }

    private var selection: KeyBlock.Selection {
        switch self {
        case .exactly(let keys, _): .exactly(keys)
        case .prefix(let prefix): .prefix(prefix)
        }
    }

    private struct BlockName: Hashable {
        let libraryID: Int
        let firstKey: String
    }

    private struct StoredKeyBlock: Decodable {
        let libraryID: Int
        let firstKey: String
        let data: Data

        enum CodingKeys: String, CodingKey {
            case data
            case libraryID = "library_id"
            case firstKey = "first_key"
        }
    }
}
