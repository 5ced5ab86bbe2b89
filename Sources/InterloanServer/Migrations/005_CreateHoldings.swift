import Fluent
import SQLKit

/// What each library holds, one row per match key of each holding so that finding holders is one indexed lookup
/// (split into records and keys by 007).
struct CreateHoldings: AsyncMigration {
    var name: String { "005_CreateHoldings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("holdings")
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("record", .int, .required)
            .field("match_key", .string, .required)
            .field("title", .string)
            .field("author", .string)
            .field("call_number", .string)
            .field("lendable", .bool, .required)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "holdings_match_key").on("holdings").column("match_key").run()
        try await sql.create(index: "holdings_library_record").on("holdings").column("library_id").column("record")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("holdings").delete()
    }
}
