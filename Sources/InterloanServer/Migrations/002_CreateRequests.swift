import Fluent
import SQLKit

/// Requests with their lender strings, shipments, renewals and history, indexed for the work queues.
struct CreateRequests: AsyncMigration {
    var name: String { "002_CreateRequests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RequestRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("service_type", .string, .required)
            .field("borrower_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("current_lender_id", .int, .references(LibraryModel.schema, .id))
            .field("current_lender_position", .int)
            .field("title", .string, .required)
            .field("author", .string)
            .field("isbn", .string)
            .field("issn", .string)
            .field("oclc_number", .string)
            .field("article_title", .string)
            .field("journal_title", .string)
            .field("volume", .string)
            .field("issue", .string)
            .field("pages", .string)
            .field("needed_by", .string)
            .field("notes", .string)
            .field("patron_id", .string)
            .field("patron_name", .string)
            .field("patron_email", .string)
            .field("due_date", .string)
            .field("external_request_id", .string)
            .field("search_text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(AttemptRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("position", .int, .required)
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("note", .string)
            .field("asked_at", .datetime)
            .field("answered_at", .datetime)
            .unique(on: "request_id", "position")
            .create()
        try await database.schema(ShipmentRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("position", .int, .required)
            .field("direction", .string, .required)
            .field("carrier", .string, .required)
            .field("tracking_number", .string)
            .field("shipped_on", .string, .required)
            .field("from_library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("to_library_id", .int, .required, .references(LibraryModel.schema, .id))
            .unique(on: "request_id", "position")
            .create()
        try await database.schema(RenewalRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("position", .int, .required)
            .field("requested_on", .string, .required)
            .field("desired_due_date", .string, .required)
            .field("status", .string, .required)
            .field("answered_on", .string)
            .field("new_due_date", .string)
            .field("note", .string)
            .unique(on: "request_id", "position")
            .create()
        try await database.schema(EventRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("at", .datetime, .required)
            .field("user_id", .int)
            .field("actor_name", .string, .required)
            .field("library_symbol", .string, .required)
            .field("action", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("details", .string, .required)
            .create()

        let sql = database.asSQL
        let indexes: [(name: String, table: String, columns: [String])] = [
            ("requests_borrower_status", RequestRecord.table, ["borrower_id", "status"]),
            ("requests_lender_status", RequestRecord.table, ["current_lender_id", "status"]),
            ("requests_status", RequestRecord.table, ["status"]),
            ("requests_external_id", RequestRecord.table, ["external_request_id"]),
            ("request_lenders_library", AttemptRecord.table, ["library_id", "request_id"]),
            ("request_events_request", EventRecord.table, ["request_id"]),
        ]
        for index in indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            EventRecord.table, RenewalRecord.table, ShipmentRecord.table, AttemptRecord.table,
            RequestRecord.table,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
