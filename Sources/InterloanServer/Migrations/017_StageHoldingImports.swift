import Fluent
import SQLKit

/// Where an import's blocks wait until the whole file is written: an import writes them here in small writes, so
/// the one writer is never held for a whole file, and then swaps them in with one short write, so readers see
/// the old holdings or the new, never a part. Rows of an import that never finished are purged by the next one.
struct StageHoldingImports: AsyncMigration {
    var name: String { "017_StageHoldingImports" }

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        let blob = sql.dialect.name == "sqlite" ? "BLOB" : "BYTEA"
        let time = sql.dialect.name == "sqlite" ? "REAL" : "TIMESTAMPTZ"
        try await sql.raw(
            """
            CREATE TABLE \(ident: HoldingImportStage.recordTable) (
                import_id TEXT NOT NULL,
                first_record INTEGER NOT NULL,
                record_count INTEGER NOT NULL,
                data \(unsafeRaw: blob) NOT NULL,
                staged_at \(unsafeRaw: time) NOT NULL,
                PRIMARY KEY (import_id, first_record)
            )
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE \(ident: HoldingImportStage.keyTable) (
                import_id TEXT NOT NULL,
                first_key TEXT\(unsafeRaw: sql.dialect.name == "sqlite" ? "" : #" COLLATE "C""#) NOT NULL,
                data \(unsafeRaw: blob) NOT NULL,
                staged_at \(unsafeRaw: time) NOT NULL,
                PRIMARY KEY (import_id, first_key)
            )
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.drop(table: HoldingImportStage.keyTable).run()
        try await database.asSQL.drop(table: HoldingImportStage.recordTable).run()
    }
}
