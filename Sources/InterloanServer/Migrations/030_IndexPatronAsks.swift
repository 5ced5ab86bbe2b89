import Fluent
import SQLKit

/// The borrowing desk's "Patron cancel requests" counts the library's open requests whose patron asked to cancel:
/// few among many. Without an index on the ask it read every open request of the library; this one holds only the
/// requests with an ask pending, so the count reads just those (BENCHMARKS.md).
struct IndexPatronAsks: AsyncMigration {
    var name: String { "030_IndexPatronAsks" }

    func prepare(on database: any Database) async throws {
        try await database.asSQL.raw(
            """
            CREATE INDEX requests_borrower_patron_ask ON requests (borrower_id, patron_ask) \
            WHERE patron_ask IS NOT NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.drop(index: "requests_borrower_patron_ask").run()
    }
}
