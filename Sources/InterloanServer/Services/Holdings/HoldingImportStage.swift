import Foundation
import InterloanCore
import SQLKit

/// An import's blocks on their way in (`017_StageHoldingImports`): written in small writes under the import's
/// id, then swapped into the library's holdings by one short write.
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

    init(writes: Writes, now: Date) {
        self.id = UUID().uuidString
        self.writes = writes
        self.now = now
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
            let insert = try self.writes.ready(
                self.insert(
                    into: Self.recordTable,
                    chunk.map { block in
                        [SQLBind(firstRecord + block.offset), SQLBind(block.count), SQLBind(Data(block.data))]
                    }, columns: ["first_record", "record_count", "data"]))
            try await self.writes.write { sql in try await sql.run(insert) }
        }
    }

    func stage(_ blocks: [KeyBlock]) async throws {
        for chunk in blocks.chunked(by: Self.blocksPerWrite) {
            let insert = try self.writes.ready(
                self.insert(
                    into: Self.keyTable,
                    chunk.map { block in
                        [SQLBind(block.firstKey), SQLBind(Data(block.data))]
                    }, columns: ["first_key", "data"]))
            try await self.writes.write { sql in try await sql.run(insert) }
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

    /// Removes this import's staged blocks, after a failure.
    func discard() async throws {
        let id = self.id
        try await self.writes.write { sql in try await Self.delete(id, on: sql) }
    }

    private static func delete(_ id: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: Self.recordTable).where("import_id", .equal, id).run()
        try await sql.delete(from: Self.keyTable).where("import_id", .equal, id).run()
    }

    private func insert(into table: String, _ rows: [[SQLBind]], columns: [String]) -> SQLQueryString {
        let names = (["import_id", "staged_at"] + columns).joined(separator: ", ")
        var query: SQLQueryString = "INSERT INTO \(ident: table) (\(unsafeRaw: names)) VALUES "
        for (index, row) in rows.enumerated() {
            if index > 0 { query += ", " }
            query += "(\(bind: self.id), \(bind: self.now)"
            for value in row { query += ", \(value)" }
            query += ")"
        }
        return query
    }
}
