import Fluent
import SQLKit

/// The consortium, its regions, libraries, staff users and API tokens.
struct CreateDirectory: AsyncMigration {
    var name: String { "001_CreateDirectory" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ConsortiumModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("symbol", .string, .required)
            .field("agency_id_type", .string, .required)
            .field("agency_id_value", .string, .required)
            .create()
        try await database.schema(RegionModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema(LibraryModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("symbol", .string, .required)
            .field("name", .string, .required)
            .field("town", .string, .required)
            .field("region_id", .int, .references(RegionModel.schema, .id))
            .field("contact_email", .string, .required)
            .field("is_member", .bool, .required)
            .field("loan_days", .int, .required)
            .field("renewals_allowed", .bool, .required)
            .field("max_renewals", .int, .required)
            .field("courier_route", .string)
            .field("delivery_days", .string)
            .unique(on: "symbol")
            .create()
        try await database.schema(UserModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("library_id", .int, .references(LibraryModel.schema, .id))
            .unique(on: "email")
            .create()
        try await database.schema(APITokenModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("token_hash", .string, .required)
            .field("label", .string, .required)
            .field("role", .string, .required)
            .field("library_id", .int, .references(LibraryModel.schema, .id))
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            APITokenModel.schema, UserModel.schema, LibraryModel.schema, RegionModel.schema,
            ConsortiumModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
