import Fluent
import SQLKit

/// Holdings as records (title, author, call number, once each) and their match keys in a narrow table of their
/// own: the keys are what lender ranking reads, and 005's one wide row per key repeated every title up to four
/// times (420 MiB per million holdings in the benchmark). Existing holdings are carried over.
struct SplitHoldingKeys: AsyncMigration {
    var name: String { "007_SplitHoldingKeys" }

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        // Both tables are clustered on (library, record): an import appends to its library's range, a replace
        // deletes one range, and in SQLite (WITHOUT ROWID) no second copy of the row is kept.
        let clustered = sql.dialect.name == "sqlite" ? " WITHOUT ROWID" : ""
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
                record INTEGER NOT NULL,
                match_key TEXT NOT NULL,
                lendable BOOLEAN NOT NULL,
                PRIMARY KEY (library_id, record, match_key)
            )\(unsafeRaw: clustered)
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
            SELECT library_id, record, MAX(title), MAX(author), MAX(call_number), MAX(CASE WHEN lendable THEN 1 ELSE 0 END) = 1
            FROM holdings GROUP BY library_id, record
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO holding_keys (library_id, record, match_key, lendable)
            SELECT DISTINCT library_id, record, match_key, lendable FROM holdings
            """
        ).run()
        // Finding holders reads only this index: the key, then each library and whether it lends.
        try await sql.create(index: "holding_keys_match").on("holding_keys").column("match_key").column("library_id")
            .column("lendable").run()
        try await database.schema("holdings").delete()
    }

    func revert(on database: any Database) async throws {
        try await CreateHoldings().prepare(on: database)
        let sql = database.asSQL
        try await sql.raw(
            """
            INSERT INTO holdings (library_id, record, match_key, title, author, call_number, lendable)
            SELECT k.library_id, k.record, k.match_key, r.title, r.author, r.call_number, k.lendable
            FROM holding_keys k JOIN holding_records r ON r.library_id = k.library_id AND r.record = k.record
            """
        ).run()
        try await database.schema("holding_keys").delete()
        try await database.schema("holding_records").delete()
    }
}
