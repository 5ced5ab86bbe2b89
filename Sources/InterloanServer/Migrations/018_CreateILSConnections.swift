import Fluent
import SQLKit

/// Each library's connection to its own circulation system over NCIP: where it answers, the agencies, the secret
/// and which calls are on.
struct CreateILSConnections: AsyncMigration {
    var name: String { "018_CreateILSConnections" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ILSConnectionRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("protocol_name", .string, .required)
            .field("endpoint", .string)
            .field("from_agency_id", .string)
            .field("to_agency_id", .string)
            .field("authentication", .string)
            .field("application_profile_type", .string)
            .field("lending_patron_id", .string)
            .field("events", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "library_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ILSConnectionRecord.table).delete()
    }
}
