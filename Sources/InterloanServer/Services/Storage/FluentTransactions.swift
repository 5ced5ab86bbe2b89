import Fluent
import SQLKit

/// Write batches on PostgreSQL: each one a transaction on a connection of Fluent's pool, held while it commits.
/// `database` is asked again for each batch, so batches spread over the event loops' pools.
struct FluentTransactions: WriteTransactions {
    let database: @Sendable () -> any Database

    func transaction(
        _ durability: Durability, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await self.database().transaction { database in
            if durability == .withNextFlush {
                try await database.asSQL.raw("SET LOCAL synchronous_commit TO OFF").run()
            }
            try await body(database.asSQL)
        }
    }
}
