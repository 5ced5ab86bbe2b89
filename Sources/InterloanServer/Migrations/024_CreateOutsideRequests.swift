import Fluent
import SQLKit

/// Requests of out-of-state libraries that asked through the public form: the request, the directory entry made
/// for the library (of kind `external`), the contact, the digest of the confirmation token that created it (once)
/// and of the private link the library follows it at.
struct CreateOutsideRequests: AsyncMigration {
    var name: String { "024_CreateOutsideRequests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OutsideRequestRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("contact_email", .string, .required)
            .field("confirm_digest", .string, .required)
            .field("follow_digest", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "confirm_digest")
            .unique(on: "follow_digest")
            .create()
        try await database.schema(LibraryModel.schema).field("kind", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LibraryModel.schema).deleteField("kind").update()
        try await database.schema(OutsideRequestRecord.table).delete()
    }
}
