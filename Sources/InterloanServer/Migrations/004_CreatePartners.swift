import Fluent
import SQLKit

/// ISO 18626 partners, the outbox of messages to them and the record of messages received (for duplicates).
struct CreatePartners: AsyncMigration {
    var name: String { "004_CreatePartners" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PartnerRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("agency_id_type", .string, .required)
            .field("agency_id_value", .string, .required)
            .field("endpoint_url", .string, .required)
            .field("credential_hash", .string, .required)
            .field("outgoing_credential", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "library_id")
            .unique(on: "agency_id_type", "agency_id_value")
            .unique(on: "credential_hash")
            .create()
        try await database.schema(PartnerMessageRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("partner_id", .int, .required, .references(PartnerRecord.table, .id))
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .create()
        try await database.schema(PartnerInboxRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("partner_id", .int, .required, .references(PartnerRecord.table, .id))
            .field("fingerprint", .string, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "partner_id", "fingerprint")
            .create()
        let sql = database.asSQL
        try await sql.create(index: "partner_messages_due").on(PartnerMessageRecord.table)
            .column("state").column("next_attempt_at").run()
        try await sql.create(index: "partner_messages_request").on(PartnerMessageRecord.table)
            .column("request_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in [PartnerInboxRecord.table, PartnerMessageRecord.table, PartnerRecord.table] {
            try await database.schema(table).delete()
        }
    }
}
