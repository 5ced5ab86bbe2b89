import Fluent
import SQLKit

/// Match keys clustered by library and key, with no index across libraries: 007's global `(match_key, library)`
/// index took every import's keys at random places, so a library's import rewrote about one index page per key
/// and slowed as the catalogue grew (to less than half its first rate at ten million holdings). Now an
/// import writes one contiguous, sorted range, and finding holders seeks each library's range instead.
///
/// The key is compared byte by byte in both databases (`COLLATE "C"` in PostgreSQL), so a title prefix is an
/// index range whatever the server's locale.
struct ClusterHoldingKeysByLibrary: AsyncMigration {
    var name: String { "013_ClusterHoldingKeysByLibrary" }

    func prepare(on database: any Database) async throws {
        try await self.rebuildKeys(clusteredBy: "library_id, match_key, record", on: database.asSQL)
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        try await self.rebuildKeys(clusteredBy: "library_id, record, match_key", on: sql)
        try await sql.create(index: "holding_keys_match").on("holding_keys").column("match_key").column("library_id")
            .column("lendable").run()
    }

    /// Copies `holding_keys` into a table of the same columns clustered by `primaryKey`, which takes its name.
    private func rebuildKeys(clusteredBy primaryKey: String, on sql: any SQLDatabase) async throws {
        let isSQLite = sql.dialect.name == "sqlite"
        try await sql.raw(
            """
            CREATE TABLE holding_keys_rebuilt (
                library_id INTEGER NOT NULL REFERENCES libraries (id),
                match_key TEXT\(unsafeRaw: isSQLite ? "" : #" COLLATE "C""#) NOT NULL,
                record INTEGER NOT NULL,
                lendable BOOLEAN NOT NULL,
                PRIMARY KEY (\(unsafeRaw: primaryKey))
            )\(unsafeRaw: isSQLite ? " WITHOUT ROWID" : "")
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO holding_keys_rebuilt (library_id, match_key, record, lendable)
            SELECT library_id, match_key, record, lendable FROM holding_keys ORDER BY \(unsafeRaw: primaryKey)
            """
        ).run()
        try await sql.drop(table: "holding_keys").run()
        try await sql.raw("ALTER TABLE holding_keys_rebuilt RENAME TO holding_keys").run()
    }
}
