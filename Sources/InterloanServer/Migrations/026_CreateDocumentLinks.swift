import Fluent
import SQLKit

/// The links a delivered file is opened through: one per recipient (the borrowing library, its patron, a partner
/// system), each with its own count of downloads and its own end. The link itself is not stored: it is signed
/// from the row's id, so a tampered one is refused before the database is asked.
struct CreateDocumentLinks: AsyncMigration {
    var name: String { "026_CreateDocumentLinks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentLinkRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("document_id", .int, .required, .references(DocumentRecord.table, .id))
            .field("recipient", .string, .required)
            .field("max_views", .int, .required)
            .field("views", .int, .required)
            .field("expires_at", .datetime, .required)
            .field("first_viewed_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.asSQL.create(index: "document_links_document").on(DocumentLinkRecord.table)
            .column("document_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DocumentLinkRecord.table).delete()
    }
}
