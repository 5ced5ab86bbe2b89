import Fluent
import SQLKit

/// The team's news and FAQ pages, its contact directory, and how to reach the team (shared address, phone line
/// and menu option).
struct CreateSitePages: AsyncMigration {
    var name: String { "012_CreateSitePages" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SitePageRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("position", .int, .required)
            .field("updated_on", .string, .required)
            .create()
        try await database.schema(TeamContactRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("extension", .string)
            .field("email", .string)
            .create()
        try await database.schema(TeamChannelRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("phone_option", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [TeamChannelRecord.table, TeamContactRecord.table, SitePageRecord.table] {
            try await database.schema(table).delete()
        }
    }
}
