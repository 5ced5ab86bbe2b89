import Foundation
import InterloanCore
import SQLKit

/// The tables holdings live in (`015_StoreHoldingsInBlocks`): each library's records and match keys in blocks
/// of about one database page (`RecordBlock`, `KeyBlock`), and the reads and writes every holdings feature
/// shares.
enum HoldingBlockStore {
    static let recordTable = "holding_record_blocks"
    static let keyTable = "holding_key_blocks"

    /// A stored block this version cannot read: an import refuses to rewrite what it would lose.
    struct UnreadableBlock: Error, CustomStringConvertible {
        let libraryID: Int
        var description: String {
            "a stored holdings block of library \(self.libraryID) cannot be read by this version"
        }
    }

    static func deleteAll(of libraryID: Int, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: Self.keyTable).where("library_id", .equal, libraryID).run()
        try await sql.delete(from: Self.recordTable).where("library_id", .equal, libraryID).run()
    }

    /// The highest record number `libraryID` has, 0 for none.
    static func lastRecord(of libraryID: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            SELECT COALESCE(MAX(first_record + record_count - 1), 0) AS last FROM \(ident: Self.recordTable)
            WHERE library_id = \(bind: libraryID)
            """
        ).first()?.decode(column: "last", as: Int.self) ?? 0
    }

    /// How many holdings `libraryID` has.
    static func recordCount(of libraryID: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(record_count), 0) AS BIGINT) AS n FROM \(ident: Self.recordTable)
            WHERE library_id = \(bind: libraryID)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Stores `blocks`, whose offsets count from record number `firstRecord`.
    static func insert(_ blocks: [RecordBlock], firstRecord: Int, libraryID: Int, on sql: any SQLDatabase) async throws
    {
        for chunk in blocks.chunked(by: Self.rowsPerStatement) {
            let insert = sql.insert(into: Self.recordTable).columns(
                "library_id", "first_record", "record_count", "data")
            for block in chunk {
                insert.values(
                    SQLBind(libraryID), SQLBind(firstRecord + block.offset), SQLBind(block.count),
                    SQLBind(Data(block.data)))
            }
            try await insert.run()
        }
    }

    static func insert(_ blocks: [KeyBlock], libraryID: Int, on sql: any SQLDatabase) async throws {
        for chunk in blocks.chunked(by: Self.rowsPerStatement) {
            let insert = sql.insert(into: Self.keyTable).columns("library_id", "first_key", "data")
            for block in chunk {
                insert.values(SQLBind(libraryID), SQLBind(block.firstKey), SQLBind(Data(block.data)))
            }
            try await insert.run()
        }
    }

    /// Every key entry `libraryID` has.
    static func keyEntries(of libraryID: Int, on sql: any SQLDatabase) async throws -> [HoldingKeyEntry] {
        let rows = try await sql.select().column("data").from(Self.keyTable).where("library_id", .equal, libraryID)
            .all(decoding: StoredData.self)
        return try rows.flatMap { row in
            guard let entries = KeyBlock.entries(in: [UInt8](row.data)) else {
                throw UnreadableBlock(libraryID: libraryID)
            }
            return entries
        }
    }

    /// Replaces `libraryID`'s key blocks by blocks of `entries`.
    static func replaceKeys(of libraryID: Int, with entries: [HoldingKeyEntry], on sql: any SQLDatabase) async throws {
        try await sql.delete(from: Self.keyTable).where("library_id", .equal, libraryID).run()
        try await self.insert(KeyBlock.blocks(of: entries), libraryID: libraryID, on: sql)
    }

    /// The stored values of one record in each of some libraries: `records` maps a library to its record's
    /// number. Records that are not stored are absent.
    static func recordValues(_ records: [Int: Int], on sql: any SQLDatabase) async throws -> [Int: HoldingRecordValues]
    {
        var values: [Int: HoldingRecordValues] = [:]
        for chunk in Array(records).chunked(by: 100) {
            let selects = chunk.map { libraryID, record -> SQLQueryString in
                """
                SELECT b.library_id, b.first_record, b.data FROM \(ident: Self.recordTable) b
                WHERE b.library_id = \(bind: libraryID) AND b.first_record = (SELECT x.first_record FROM \(ident: Self.recordTable) x
                    WHERE x.library_id = \(bind: libraryID) AND x.first_record <= \(bind: record) ORDER BY x.first_record DESC LIMIT 1)
                """
            }
            let query = selects.dropFirst().reduce(selects[0]) { "\($0) UNION ALL \($1)" }
            for row in try await sql.raw(query).all(decoding: StoredRecordBlock.self) {
                guard let wanted = records[row.libraryID], let stored = RecordBlock.records(in: [UInt8](row.data)),
                    stored.indices.contains(wanted - row.firstRecord)
                else { continue }
                values[row.libraryID] = stored[wanted - row.firstRecord]
            }
        }
        return values
    }

    private struct StoredRecordBlock: Decodable {
        let libraryID: Int
        let firstRecord: Int
        let data: Data

        enum CodingKeys: String, CodingKey {
            case data
            case libraryID = "library_id"
            case firstRecord = "first_record"
        }
    }

    /// A block's bytes.
    struct StoredData: Decodable {
        let data: Data
    }

    /// Rows a statement inserts: a few hundred binds, far below both databases' limits.
    private static let rowsPerStatement = 200
}

extension Array {
    /// The elements in consecutive slices of at most `size`.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: self.count, by: size).map { self[$0..<Swift.min($0 + size, self.count)] }
    }
}
