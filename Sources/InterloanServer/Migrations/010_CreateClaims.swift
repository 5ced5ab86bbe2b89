import Fluent
import SQLKit

/// Claims on a request: lost, damaged or missing in transit, with who reported what, the replacement amount,
/// the carrier and the courier's claim window.
struct CreateClaims: AsyncMigration {
    var name: String { "010_CreateClaims" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ClaimRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("kind", .string, .required)
            .field("lender_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("reported_by_library", .string, .required)
            .field("reported_by_name", .string, .required)
            .field("description", .string, .required)
            .field("replacement_cents", .int, .required)
            .field("carrier", .string, .required)
            .field("shipped_on", .string, .required)
            .field("window_opens", .string)
            .field("window_closes", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.asSQL.create(index: "claims_request").on(ClaimRecord.table)
            .column("request_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClaimRecord.table).delete()
    }
}
