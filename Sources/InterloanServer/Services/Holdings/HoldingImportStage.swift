import Foundation
import InterloanCore
import NIOConcurrencyHelpers
import SQLKit

/// An import's blocks on their way in (`017_StageHoldingImports`): written in small writes under the import's
/// id, then swapped into the library's holdings by one short write.
///
/// A library's first holdings have no old set to keep visible, and copying them from the stage would write every
/// block twice; they go straight into the library's holdings in the same small writes (a title search may see
/// some of them before the import ends; lookups by identifier see none until the key filter comes with the last
/// write), and a failure removes exactly the blocks this import wrote.
struct HoldingImportStage: Sendable {
    static let recordTable = "holding_record_blocks_staged"
    static let keyTable = "holding_key_blocks_staged"
    /// Blocks one staging write carries: about 800 KB, a few milliseconds of the writer's time.
    static let blocksPerWrite = 200
    /// How long the rows of an import that never finished (the server stopped mid-import) are kept.
    static let abandonedAfter: TimeInterval = 86_400

    let id: String
    let writes: Writes
    let now: Date
    /// The library whose first holdings go straight in, or nil when they are staged.
    let firstHoldingsOf: Int?
    /// In direct mode, the blocks written so far, by their keys, so a failure can take back exactly those.
    private let written = NIOLockedValueBox<(records: [Int], keys: [String])>(([], []))

    init(writes: Writes, now: Date, firstHoldingsOf libraryID: Int? = nil) {
        self.id = UUID().uuidString
        self.writes = writes
        self.now = now
        self.firstHoldingsOf = libraryID
    }

    /// Removes what imports that never finished left behind.
    func purgeAbandoned() async throws {
        let before = self.now.addingTimeInterval(-Self.abandonedAfter)
        try await self.writes.write { sql in
            try await sql.delete(from: Self.recordTable).where("staged_at", .lessThan, before).run()
            try await sql.delete(from: Self.keyTable).where("staged_at", .lessThan, before).run()
        }
    }

    /// Stages `blocks`, whose offsets count from record number `firstRecord`.
    func stage(_ blocks: [RecordBlock], firstRecord: Int) async throws {
        for chunk in blocks.chunked(by: Self.blocksPerWrite) {
            let rows = chunk.map { block in
                [SQLBind(firstRecord + block.offset), SQLBind(block.count), SQLBind(Data(block.data))]
            }
            let insert = try self.writes.ready(
                self.insert(
                    into: self.firstHoldingsOf == nil ? Self.recordTable : HoldingBlockStore.recordTable, rows,
                    columns: ["first_record", "record_count", "data"]))
            try await self.writes.write { sql in try await sql.run(insert) }
            self.written.withLockedValue { $0.records += chunk.map { firstRecord + $0.offset } }
        }
    }

    func stage(_ blocks: [KeyBlock]) async throws {
        for chunk in blocks.chunked(by: Self.blocksPerWrite) {
            let rows = chunk.map { block in [SQLBind(block.firstKey), SQLBind(Data(block.data))] }
            let insert = try self.writes.ready(
                self.insert(
                    into: self.firstHoldingsOf == nil ? Self.keyTable : HoldingBlockStore.keyTable, rows,
                    columns: ["first_key", "data"]))
            try await self.writes.write { sql in try await sql.run(insert) }
            self.written.withLockedValue { $0.keys += chunk.map(\.firstKey) }
        }
    }

    /// Moves the staged blocks into `libraryID`'s holdings in one write, with its new key `filter`: with
    /// `replacingRecords` its records go first; its keys always do (the staged keys are the whole new set).
    /// `expectedLast` is the library's last record number when the import began: if another import changed it
    /// meanwhile, nothing is moved and the import fails with a conflict. Returns the library's holdings count.
    func swapIn(
        libraryID: Int, replacingRecords: Bool, expectedLast: Int, filter: KeyFilter
    ) async throws -> Int {
        let id = self.id
        if let firstHoldingsOf = self.firstHoldingsOf {
            precondition(firstHoldingsOf == libraryID, "a library's first holdings are written for it alone")
            return try await self.writes.write { sql in
                try await HoldingFilterRecord.write(filter, libraryID: libraryID, on: sql)
                return try await HoldingBlockStore.recordCount(of: libraryID, on: sql)
            }
        }
        return try await self.writes.write { sql in
            if !replacingRecords {
                guard try await HoldingBlockStore.lastRecord(of: libraryID, on: sql) == expectedLast else {
                    throw APIError.conflict(
                        "another import of these holdings finished while this one was written; load the file again",
                        allowed: [])
                }
                try await sql.delete(from: HoldingBlockStore.keyTable).where("library_id", .equal, libraryID).run()
            } else {
                try await HoldingBlockStore.deleteAll(of: libraryID, on: sql)
            }
            try await sql.raw(
                """
                INSERT INTO \(ident: HoldingBlockStore.recordTable) (library_id, first_record, record_count, data)
                SELECT \(bind: libraryID), first_record, record_count, data FROM \(ident: Self.recordTable)
                WHERE import_id = \(bind: id)
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO \(ident: HoldingBlockStore.keyTable) (library_id, first_key, data)
                SELECT \(bind: libraryID), first_key, data FROM \(ident: Self.keyTable) WHERE import_id = \(bind: id)
                """
            ).run()
            try await Self.delete(id, on: sql)
            try await HoldingFilterRecord.write(filter, libraryID: libraryID, on: sql)
            return try await HoldingBlockStore.recordCount(of: libraryID, on: sql)
        }
    }

    /// Removes this import's staged blocks (or, for a library's first holdings, the blocks it wrote), after a
    /// failure.
    func discard() async throws {
        let id = self.id
        guard let libraryID = self.firstHoldingsOf else {
            try await self.writes.write { sql in try await Self.delete(id, on: sql) }
            return
        }
        let written = self.written.withLockedValue { $0 }
        for records in written.records.chunked(by: Self.blocksPerWrite) {
            try await self.writes.write { sql in
                try await sql.delete(from: HoldingBlockStore.recordTable).where("library_id", .equal, libraryID)
                    .where("first_record", .in, Array(records)).run()
            }
        }
        for keys in written.keys.chunked(by: Self.blocksPerWrite) {
            try await self.writes.write { sql in
                try await sql.delete(from: HoldingBlockStore.keyTable).where("library_id", .equal, libraryID)
                    .where("first_key", .in, Array(keys)).run()
            }
        }
    }

    private static func delete(_ id: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: Self.recordTable).where("import_id", .equal, id).run()
        try await sql.delete(from: Self.keyTable).where("import_id", .equal, id).run()
    }

    private func insert(into table: String, _ rows: [[SQLBind]], columns: [String]) -> SQLQueryString {
        let names = ((self.firstHoldingsOf == nil ? ["import_id", "staged_at"] : ["library_id"]) + columns)
            .joined(separator: ", ")
        var query: SQLQueryString = "INSERT INTO \(ident: table) (\(unsafeRaw: names)) VALUES "
        for (index, row) in rows.enumerated() {
            if index > 0 { query += ", " }
            if let libraryID = self.firstHoldingsOf {
                query += "(\(bind: libraryID)"
            } else {
                query += "(\(bind: self.id), \(bind: self.now)"
            }
            for value in row { query += ", \(value)" }
            query += ")"
        }
        return query
    }
}
