import Fluent
import SQLKit

/// The patron identity purge clears the identities of ended requests in chunks; without an index of the requests
/// still holding one, every chunk read all the ended requests again, those already cleared too, so a year's backlog
/// took quadratic time (BENCHMARKS.md). This index holds only the requests with an identity left.
struct IndexPatronIdentities: AsyncMigration {
    var name: String { "033_IndexPatronIdentities" }

    func prepare(on database: any Database) async throws {
        try await database.asSQL.raw(
            """
            CREATE INDEX requests_patron_identity ON requests (status, updated_at) \
            WHERE \(unsafeRaw: PatronIdentityPurge.holdsIdentity)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.drop(index: "requests_patron_identity").run()
    }
}
