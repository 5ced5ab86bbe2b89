import Fluent
import SQLKit

/// Patrons' accounts, one library each: a barcode unique within the library, an email unique within it too.
struct CreatePatrons: AsyncMigration {
    var name: String { "022_CreatePatrons" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PatronRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("barcode", .string, .required)
            .field("name", .string)
            .field("email", .string)
            .field("password_hash", .string)
            .field("source", .string, .required)
            .field("notices", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "library_id", "barcode")
            .create()
        try await database.asSQL.create(index: "patrons_email").on(PatronRecord.table).column("library_id")
            .column("email").unique().run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PatronRecord.table).delete()
    }
}
