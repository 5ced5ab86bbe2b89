import Fluent
import SQLKit

/// What the patron portal needs of existing tables: on a request, the patron account that placed it and what that
/// patron asked staff for (a renewal, a cancel) and when; on a library, how its patrons sign in, whether their
/// requests are checked first, and whether their renewal asks go straight to the lender.
struct AddPatronPortal: AsyncMigration {
    var name: String { "023_AddPatronPortal" }

    private static let columns: [(String, String, DatabaseSchema.DataType)] = [
        (RequestRecord.table, "patron_account_id", .int), (RequestRecord.table, "patron_ask", .string),
        (RequestRecord.table, "patron_ask_at", .datetime), (LibraryModel.schema, "patron_sign_in", .string),
        (LibraryModel.schema, "patron_requests", .string), (LibraryModel.schema, "patron_renewals", .string),
    ]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement.
        for (table, column, type) in Self.columns {
            try await database.schema(table).field(.string(column), type).update()
        }
        // The portal lists one patron's requests, newest first, out of every library's.
        try await database.asSQL.create(index: "requests_patron_account").on(RequestRecord.table)
            .column("patron_account_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.drop(index: "requests_patron_account").run()
        for (table, column, _) in Self.columns.reversed() {
            try await database.schema(table).deleteField(.string(column)).update()
        }
    }
}
