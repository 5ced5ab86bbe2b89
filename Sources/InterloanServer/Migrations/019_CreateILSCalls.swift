import Fluent
import SQLKit

/// The outbox of NCIP calls to libraries' ILSs.
struct CreateILSCalls: AsyncMigration {
    var name: String { "019_CreateILSCalls" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ILSCallRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("service", .string, .required)
            .field("patron_id", .string)
            .field("item_barcode", .string)
            .field("title", .string)
            .field("author", .string)
            .field("date_for_return", .datetime)
            .field("pickup_location", .string)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("sent", .string)
            .field("received", .string)
            .field("problem", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "ils_calls_due").on(ILSCallRecord.table).column("state").column("next_attempt_at")
            .run()
        try await sql.create(index: "ils_calls_request").on(ILSCallRecord.table).column("request_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ILSCallRecord.table).delete()
    }
}
