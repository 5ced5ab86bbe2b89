import Fluent
import Foundation
import SQLKit

/// Announcement lists with their subscriptions and archived announcements; extra headers on outbox mails (list
/// mail carries `List-Unsubscribe`); and a secret, made here, that signs unsubscribe links.
struct CreateAnnouncementLists: AsyncMigration {
    var name: String { "011_CreateAnnouncementLists" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AnnouncementListRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("region_codes", .string, .required)
            .unique(on: "slug")
            .create()
        try await database.schema(SubscriptionRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("list_id", .int, .required, .references(AnnouncementListRecord.table, .id))
            .field("email", .string, .required)
            .field("state", .string, .required)
            .field("confirm_token_hash", .string)
            .field("confirmations_sent", .int, .required)
            .field("confirm_sent_at", .datetime)
            .field("requested_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("unsubscribed_at", .datetime)
            .unique(on: "list_id", "email")
            .create()
        try await database.schema(AnnouncementRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("list_id", .int, .required, .references(AnnouncementListRecord.table, .id))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("search_text", .string, .required)
            .field("route", .string)
            .field("libraries", .string, .required)
            .field("posted_at", .datetime, .required)
            .field("posted_by", .string, .required)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "announcements_list").on(AnnouncementRecord.table).column("list_id").column("id")
            .run()
        try await sql.create(index: "subscriptions_list_state").on(SubscriptionRecord.table).column("list_id")
            .column("state").run()
        try await database.schema(MailRecord.table).field("headers", .string, .required, .sql(.default(""))).update()
        try await database.schema(SiteSecretRecord.table)
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try await sql.insert(into: SiteSecretRecord.table).columns("name", "value")
            .values(SQLBind(SiteSecretRecord.unsubscribeKey), SQLBind(Data(secret).base64EncodedString())).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteSecretRecord.table).delete()
        try await database.schema(MailRecord.table).deleteField("headers").update()
        try await database.schema(AnnouncementRecord.table).delete()
        try await database.schema(SubscriptionRecord.table).delete()
        try await database.schema(AnnouncementListRecord.table).delete()
    }
}
