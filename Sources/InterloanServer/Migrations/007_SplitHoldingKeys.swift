import Fluent
import SQLKit

/// Holdings as records (title, author, call number, once each) and their match keys in a narrow table of their
/// own: the keys are what lender ranking reads, and 005's one wide row per key repeated every title up to four
/// times (420 MiB per million holdings in the benchmark). Existing holdings are carried over.
struct SplitHoldingKeys: AsyncMigration {
    var name: String { "007_SplitHoldingKeys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(HoldingRecord.table)
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("record", .int, .required)
            .field("title", .string)
            .field("author", .string)
            .field("call_number", .string)
            .field("lendable", .bool, .required)
            .unique(on: "library_id", "record")
            .create()
        try await database.schema(HoldingKey.table)
            .field("match_key", .string, .required)
            .field("library_id", .int, .required)
            .field("record", .int, .required)
            .field("lendable", .bool, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
            SELECT library_id, record, MAX(title), MAX(author), MAX(call_number), MAX(CASE WHEN lendable THEN 1 ELSE 0 END) = 1
            FROM holdings GROUP BY library_id, record
            """).run()
        try await sql.raw("""
            INSERT INTO holding_keys (match_key, library_id, record, lendable)
            SELECT match_key, library_id, record, lendable FROM holdings
            """).run()
        try await sql.create(index: "holding_keys_match").on(HoldingKey.table).column("match_key").column("library_id")
            .run()
        try await sql.create(index: "holding_keys_library").on(HoldingKey.table).column("library_id").run()
        try await database.schema("holdings").delete()
    }

    func revert(on database: any Database) async throws {
        try await CreateHoldings().prepare(on: database)
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO holdings (library_id, record, match_key, title, author, call_number, lendable)
            SELECT k.library_id, k.record, k.match_key, r.title, r.author, r.call_number, k.lendable
            FROM holding_keys k JOIN holding_records r ON r.library_id = k.library_id AND r.record = k.record
            """).run()
        try await database.schema(HoldingKey.table).delete()
        try await database.schema(HoldingRecord.table).delete()
    }
}
