import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// How writes reach the database: each one atomic; on SQLite, concurrent writes share a transaction
/// (group commit), on PostgreSQL each has its own.
struct Persistence: Sendable {
    let database: any Database
    let batcher: WriteBatcher?

    /// Runs `body` atomically: all of its writes happen, or none.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let batcher = self.batcher else {
            return try await self.database.transaction(body)
        }
        let result = NIOLockedValueBox<T?>(nil)
        try await batcher.submit({ database in
            let value = try await body(database)
            result.withLockedValue { $0 = value }
        }, on: self.database)
        return result.withLockedValue { $0 }!
    }
}

extension Application {
    private struct BatcherKey: StorageKey {
        typealias Value = WriteBatcher
    }

    /// Set by `configure` when the store is SQLite.
    var writeBatcher: WriteBatcher? {
        get { self.storage[BatcherKey.self] }
        set { self.storage[BatcherKey.self] = newValue }
    }

    var persistence: Persistence {
        Persistence(database: self.db, batcher: self.writeBatcher)
    }
}

extension Request {
    var persistence: Persistence {
        Persistence(database: self.db, batcher: self.application.writeBatcher)
    }
}

extension Request {
    /// The database as SQL, for the named queries of the hot paths.
    var sql: any SQLDatabase { self.db as! any SQLDatabase }
}
