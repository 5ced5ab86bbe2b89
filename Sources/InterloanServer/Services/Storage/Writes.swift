import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// How writes reach the database: each one atomic; on SQLite, concurrent writes share a transaction
/// (group commit) on the server's own write handle, on PostgreSQL each has its own.
struct Writes: Sendable {
    /// Fluent's database, for PostgreSQL's transactions; made only there (making one costs a lock and a lookup).
    private let fluent: @Sendable () -> any Database
    let batcher: WriteBatcher?
    /// A database in the store's dialect, for statements made ready before a write.
    private let dialect: any SQLDatabase

    init(
        database: @escaping @autoclosure @Sendable () -> any Database, batcher: WriteBatcher?, dialect: any SQLDatabase
    ) {
        self.fluent = database
        self.batcher = batcher
        self.dialect = dialect
    }

    /// Runs `body` atomically: all of its writes happen, or none. With `.withNextFlush` the commit may return
    /// before the writes are on disk (they are once a later flushed commit is).
    func write<T: Sendable>(
        _ durability: Durability = .flushed, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard let batcher = self.batcher else {
            return try await self.fluent().transaction { try await body($0.asSQL) }
        }
        let result = NIOLockedValueBox<T?>(nil)
        try await batcher.submit(durability) { database in
            let value = try await body(database)
            result.withLockedValue { $0 = value }
        }
        return result.withLockedValue { $0 }!
    }

    /// `query` made ready for a later `write`, on the calling thread: on SQLite the writer then only runs it.
    func ready(_ query: some SQLExpression) throws -> ReadyStatement {
        let (sql, binds) = self.dialect.serialize(query)
        guard self.dialect.dialect.name == "sqlite" else {
            return ReadyStatement(sql: sql, binds: binds, sqliteValues: nil)
        }
        return ReadyStatement(sql: sql, binds: binds, sqliteValues: try binds.map(DirectSQLDatabase.encode))
    }
}

extension Application {
    private struct BatcherKey: StorageKey {
        typealias Value = WriteBatcher
    }

    private struct ReadersKey: StorageKey {
        typealias Value = SQLiteReaders
    }

    /// Set by `configure` when the store is SQLite.
    var writeBatcher: WriteBatcher? {
        get { self.storage[BatcherKey.self] }
        set { self.storage[BatcherKey.self] = newValue }
    }

    /// Set by `configure` when the store is SQLite: read-only handles for the hot paths' reads.
    var sqliteReaders: SQLiteReaders? {
        get { self.storage[ReadersKey.self] }
        set { self.storage[ReadersKey.self] = newValue }
    }

    /// The one way the server writes: atomic, and on SQLite through the one write handle.
    var writes: Writes {
        Writes(database: self.db, batcher: self.writeBatcher, dialect: self.reads)
    }

    /// Where SQL reads go: SQLite's read-only handles, which answer on the calling thread, or the Fluent database
    /// (PostgreSQL). Nothing written here would be seen by the writer's batches, so nothing is.
    var reads: any SQLDatabase {
        self.sqliteReaders?.sql ?? self.db.asSQL
    }
}

/// A request's three ways to the database, named for what they allow: `reads` (SQL), `fluentReads` (Fluent's
/// models) and `writes`, the only one that writes.
extension Request {
    private struct DatabaseKey: StorageKey {
        typealias Value = any Database
    }

    /// The one way a request writes: atomic, and on SQLite through the server's one write handle.
    var writes: Writes {
        Writes(database: self.fluentReads, batcher: self.application.writeBatcher, dialect: self.reads)
    }

    /// Fluent's database for this request's reads of models, made once: `db` builds a new one at every use (a
    /// lock, a lookup and a logger copy), and an action asks several times. On PostgreSQL `writes` opens its
    /// transactions here too; nothing else writes through it.
    var fluentReads: any Database {
        if let database = self.storage[DatabaseKey.self] { return database }
        let database = self.db
        self.storage[DatabaseKey.self] = database
        return database
    }

    /// The database for this request's SQL reads: on SQLite the server's read-only handles, which answer on the
    /// calling thread (a page's dozen counts no longer cross threads a dozen times).
    var reads: any SQLDatabase { self.application.reads }
}
