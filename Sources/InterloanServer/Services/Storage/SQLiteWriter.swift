import NIOConcurrencyHelpers
import SQLKit
import SQLiteNIO
import Vapor

/// Where a batch of writes runs as one transaction: BEGIN, the writes, COMMIT, or ROLLBACK when one throws.
protocol WriteTransactions: Sendable {
    func transaction(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws
}

/// The one read-write handle of `serve` on SQLite, owned by the write batcher: its transactions run every
/// statement synchronously on the batcher's thread, without a thread switch between statements.
final class SQLiteWriter: WriteTransactions {
    private let file: SQLiteFile
    private let handle = NIOLockedValueBox<SQLiteHandle?>(nil)

    init(_ file: SQLiteFile) {
        self.file = file
    }

    func transaction(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        // IMMEDIATE takes the write lock now, so a batch never fails half-way for lack of it.
        try self.run("BEGIN IMMEDIATE", [], { _ in })
        let database = self.file.database { [self] in try self.run($0, $1, $2) }
        do {
            try await body(database)
            try self.run("COMMIT", [], { _ in })
        } catch {
            try? self.run("ROLLBACK", [], { _ in })
            throw error
        }
    }

    /// Closes the handle (at shutdown), which also checkpoints the WAL; a later write opens a new one.
    func close() {
        self.handle.withLockedValue { $0 = nil }
    }

    private func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) throws -> Void) throws {
        try self.handle.withLockedValue { handle in
            if handle == nil { handle = try self.file.open(readOnly: false) }
            try handle!.run(sql, binds, onRow)
        }
    }
}

/// Closes the server's own handles when the application shuts down, after the HTTP server has stopped.
struct SQLiteHandlesShutdown: LifecycleHandler {
    let writer: SQLiteWriter
    let readers: SQLiteReaders

    func shutdownAsync(_ application: Application) async {
        self.writer.close()
        self.readers.close()
    }
}
