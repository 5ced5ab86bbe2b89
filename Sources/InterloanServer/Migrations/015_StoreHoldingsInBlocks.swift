import Fluent
import Foundation
import InterloanCore
import SQLKit

/// Holdings stored in blocks of about one page per row (`HoldingBlockStore`) instead of a row per record and a
/// row per key: with four rows a holding, writing rows was the import's cost whatever else was made faster, and
/// the key filters (014) now name the few libraries a lookup reads. Keys stay in byte order (`COLLATE "C"` in
/// PostgreSQL), so a key or a title prefix is still an index range. Existing holdings are carried over, and back
/// on revert.
struct StoreHoldingsInBlocks: AsyncMigration {
    var name: String { "015_StoreHoldingsInBlocks" }

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        // Tables with row ids: a block of up to 4 KB stays on its own page, the key index holds only the
        // library and first record or key.
        try await sql.raw(
            """
            CREATE TABLE \(ident: HoldingBlockStore.recordTable) (
                library_id INTEGER NOT NULL REFERENCES libraries (id),
                first_record INTEGER NOT NULL,
                record_count INTEGER NOT NULL,
                data \(unsafeRaw: Self.blobType(sql)) NOT NULL,
                PRIMARY KEY (library_id, first_record)
            )
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE \(ident: HoldingBlockStore.keyTable) (
                library_id INTEGER NOT NULL REFERENCES libraries (id),
                first_key TEXT\(unsafeRaw: sql.dialect.name == "sqlite" ? "" : #" COLLATE "C""#) NOT NULL,
                data \(unsafeRaw: Self.blobType(sql)) NOT NULL,
                PRIMARY KEY (library_id, first_key)
            )
            """
        ).run()
        let libraries = try await sql.raw("SELECT DISTINCT library_id FROM holding_records ORDER BY library_id").all()
            .map { try $0.decode(column: "library_id", as: Int.self) }
        for libraryID in libraries {
            try await self.carryOver(libraryID, on: sql)
        }
        try await sql.drop(table: "holding_keys").run()
        try await sql.drop(table: "holding_records").run()
    }

    private static func blobType(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "sqlite" ? "BLOB" : "BYTEA"
    }

    private struct RecordRow: Decodable {
        let record: Int
        let title: String?
        let author: String?
        let callNumber: String?
        let lendable: Bool

        enum CodingKeys: String, CodingKey {
            case record, title, author, lendable
            case callNumber = "call_number"
        }
    }

    private struct KeyRow: Decodable {
        let key: String
        let record: Int
        let lendable: Bool

        enum CodingKeys: String, CodingKey {
            case record, lendable
            case key = "match_key"
        }
    }

    /// One library's rows into blocks; a gap in its record numbers starts a new block.
    private func carryOver(_ libraryID: Int, on sql: any SQLDatabase) async throws {
        let records = try await sql.raw(
            """
            SELECT record, title, author, call_number, lendable FROM holding_records
            WHERE library_id = \(bind: libraryID) ORDER BY record
            """
        ).all(decoding: RecordRow.self)
        var runStart = 0
        for index in records.indices
        where index + 1 == records.count || records[index + 1].record != records[index].record + 1 {
            let run = records[runStart...index]
            let blocks = RecordBlock.blocks(
                of: run.map {
                    HoldingRecordValues(
                        title: $0.title, author: $0.author, callNumber: $0.callNumber, lendable: $0.lendable)
                })
            try await HoldingBlockStore.insert(blocks, firstRecord: run.first!.record, libraryID: libraryID, on: sql)
            runStart = index + 1
        }
        let keys = try await sql.raw(
            "SELECT match_key, record, lendable FROM holding_keys WHERE library_id = \(bind: libraryID)"
        )
        .all(decoding: KeyRow.self)
        try await HoldingBlockStore.insert(
            KeyBlock.blocks(of: keys.map { HoldingKeyEntry(key: $0.key, record: $0.record, lendable: $0.lendable) }),
            libraryID: libraryID, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        let isSQLite = sql.dialect.name == "sqlite"
        let clustered = isSQLite ? " WITHOUT ROWID" : ""
        try await sql.raw(
            """
            CREATE TABLE holding_records (
                library_id INTEGER NOT NULL REFERENCES libraries (id),
                record INTEGER NOT NULL,
                title TEXT,
                author TEXT,
                call_number TEXT,
                lendable BOOLEAN NOT NULL,
                PRIMARY KEY (library_id, record)
            )\(unsafeRaw: clustered)
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE holding_keys (
                library_id INTEGER NOT NULL REFERENCES libraries (id),
                match_key TEXT\(unsafeRaw: isSQLite ? "" : #" COLLATE "C""#) NOT NULL,
                record INTEGER NOT NULL,
                lendable BOOLEAN NOT NULL,
                PRIMARY KEY (library_id, match_key, record)
            )\(unsafeRaw: clustered)
            """
        ).run()
        let libraries = try await sql.raw("SELECT DISTINCT library_id FROM \(ident: HoldingBlockStore.recordTable)")
            .all()
            .map { try $0.decode(column: "library_id", as: Int.self) }
        for libraryID in libraries {
            try await self.carryBack(libraryID, on: sql)
        }
        try await sql.drop(table: HoldingBlockStore.keyTable).run()
        try await sql.drop(table: HoldingBlockStore.recordTable).run()
    }

    private struct StoredRecordBlock: Decodable {
        let firstRecord: Int
        let data: Data

        enum CodingKeys: String, CodingKey {
            case data
            case firstRecord = "first_record"
        }
    }

    private func carryBack(_ libraryID: Int, on sql: any SQLDatabase) async throws {
        let blocks = try await sql.select().column("first_record").column("data").from(HoldingBlockStore.recordTable)
            .where("library_id", .equal, libraryID).all(decoding: StoredRecordBlock.self)
        var rows: [[any Encodable & Sendable]] = []
        for block in blocks {
            guard let records = RecordBlock.records(in: [UInt8](block.data)) else {
                throw HoldingBlockStore.UnreadableBlock(libraryID: libraryID)
            }
            for (offset, record) in records.enumerated() {
                rows.append([
                    libraryID, block.firstRecord + offset, record.title, record.author, record.callNumber,
                    record.lendable,
                ])
            }
        }
        for chunk in rows.chunked(by: 200) {
            let insert = sql.insert(into: "holding_records").columns(
                "library_id", "record", "title", "author", "call_number", "lendable")
            for row in chunk { insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
        let keys = try await HoldingBlockStore.keyEntries(of: libraryID, on: sql)
        for chunk in keys.chunked(by: 200) {
            let insert = sql.insert(into: "holding_keys").columns("library_id", "match_key", "record", "lendable")
            for key in chunk {
                insert.values(SQLBind(libraryID), SQLBind(key.key), SQLBind(key.record), SQLBind(key.lendable))
            }
            try await insert.run()
        }
    }
}
