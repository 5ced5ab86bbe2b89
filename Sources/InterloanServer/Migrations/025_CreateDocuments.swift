import Fluent
import SQLKit

/// Delivered copies' files, in the database so every instance serves them and backups hold them: one row per
/// document, its bytes in chunks of `DocumentStore.chunkSize`, written as they arrive.
struct CreateDocuments: AsyncMigration {
    var name: String { "025_CreateDocuments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("media_type", .string, .required)
            .field("byte_count", .int, .required)
            .field("sha256", .string)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("purged_at", .datetime)
            .create()
        try await database.asSQL.create(index: "documents_request").on(DocumentRecord.table).column("request_id")
            .run()
        try await database.schema(DocumentStore.chunkTable)
            .field("document_id", .int, .required, .references(DocumentRecord.table, .id))
            .field("position", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "document_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DocumentStore.chunkTable).delete()
        try await database.schema(DocumentRecord.table).delete()
    }
}
