import Fluent
import SQLKit

/// The mail outbox (one row per notice, written in the transaction of what caused it), each library's opted-out
/// reminder kinds, and the follow-up columns of requests: when the rules next look at one, and the flags they set.
struct CreateMailOutbox: AsyncMigration {
    var name: String { "008_CreateMailOutbox" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MailRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("request_id", .int, .references(RequestRecord.table, .id))
            .field("library_id", .int, .references(LibraryModel.schema, .id))
            .field("kind", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        let sql = database.asSQL
        try await sql.create(index: "mail_outbox_due").on(MailRecord.table).column("state").column("next_attempt_at")
            .run()
        try await sql.create(index: "mail_outbox_request").on(MailRecord.table).column("request_id").run()
        try await sql.create(index: "mail_outbox_library").on(MailRecord.table).column("library_id").column("id").run()
        try await database.schema(LibraryModel.schema)
            .field("notice_opt_outs", .string, .required, .sql(.default("")))
            .update()
        try await database.schema(RequestRecord.table)
            .field("follow_up_at", .datetime)
            .update()
        try await database.schema(RequestRecord.table)
            .field("not_received_at", .datetime)
            .update()
        try await database.schema(RequestRecord.table)
            .field("possibly_lost_at", .datetime)
            .update()
        try await sql.create(index: "requests_follow_up").on(RequestRecord.table).column("follow_up_at").run()
        try await sql.create(index: "requests_not_received").on(RequestRecord.table).column("not_received_at").run()
        // Requests already shipped, on loan or returned get their first look at the next pass.
        try await sql.raw(
            """
            UPDATE requests SET follow_up_at = updated_at WHERE status IN \
            ('sentToLender', 'shipped', 'received', 'renewalRequested', 'recalled', 'returned')
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        try await sql.drop(index: "requests_not_received").run()
        try await sql.drop(index: "requests_follow_up").run()
        for column in ["possibly_lost_at", "not_received_at", "follow_up_at"] {
            try await database.schema(RequestRecord.table).deleteField(.string(column)).update()
        }
        try await database.schema(LibraryModel.schema).deleteField("notice_opt_outs").update()
        try await database.schema(MailRecord.table).delete()
    }
}
