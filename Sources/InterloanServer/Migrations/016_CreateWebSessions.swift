import Fluent
import Foundation
import SQLKit
import Vapor

/// Web sessions move to a table of their own (`DatabaseSessions`): identifiers stored as digests, each row with
/// its expiry so expired ones can be purged. Fluent's session table, which kept identifiers as they are and a row
/// for every anonymous visit, is dropped (everyone signs in again once). A second installation secret signs the
/// cookies an anonymous visitor carries (the sign-in form's CSRF token, a one-time message).
struct CreateWebSessions: AsyncMigration {
    var name: String { "016_CreateWebSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(WebSessionRecord.table)
            .field("id_digest", .string, .identifier(auto: false))
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "web_sessions_expiry").on(WebSessionRecord.table).column("expires_at").run()
        try await database.schema("_fluent_sessions").delete()
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try await sql.insert(into: SiteSecretRecord.table).columns("name", "value")
            .values(SQLBind(SiteSecretRecord.cookieKey), SQLBind(Data(secret).base64EncodedString())).run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.delete(from: SiteSecretRecord.table)
            .where("name", .equal, SiteSecretRecord.cookieKey).run()
        try await SessionRecord.migration.prepare(on: database).get()
        try await database.schema(WebSessionRecord.table).delete()
    }
}
