import NIOConcurrencyHelpers
import SQLKit
import SQLiteNIO
import Vapor

/// Where a batch of writes runs as one transaction: BEGIN, the writes, COMMIT, or ROLLBACK when one throws.
protocol WriteTransactions: Sendable {
    func transaction(
        _ durability: Durability, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws
}

extension WriteTransactions {
    /// A transaction whose commit waits for the disk.
    func transaction(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await self.transaction(.flushed, body)
    }
}

/// The one read-write handle of `serve` on SQLite, owned by the write batcher: its transactions run every
/// statement synchronously on the batcher's thread, without a thread switch between statements.
final class SQLiteWriter: WriteTransactions {
    private let file: SQLiteFile
    private let checkpointsInCommits: Bool
    private let handle = NIOLockedValueBox<SQLiteHandle?>(nil)

    /// Without `checkpointsInCommits`, no commit copies the log into the file: an `SQLiteCheckpointer` must.
    init(_ file: SQLiteFile, checkpointsInCommits: Bool = true) {
        self.file = file
        self.checkpointsInCommits = checkpointsInCommits
    }

    func transaction(
        _ durability: Durability, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        // The setting is the connection's, read at COMMIT: lowered for this transaction only.
        let defersFlush = durability == .withNextFlush && self.file.synchronous == .full
        if defersFlush { try self.run("PRAGMA synchronous=NORMAL", [], { _ in }) }
        defer { if defersFlush { try? self.run("PRAGMA synchronous=FULL", [], { _ in }) } }
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
            if handle == nil {
                let opened = try self.file.open(readOnly: false)
                if !self.checkpointsInCommits { try opened.run("PRAGMA wal_autocheckpoint=0", []) { _ in } }
                handle = opened
            }
            try handle!.run(sql, binds, onRow)
        }
    }
}

/// Starts the background checkpoints when the application has booted, and stops them and closes the server's own
/// handles when it shuts down, after the HTTP server has stopped.
struct SQLiteHandlesLifecycle: LifecycleHandler {
    let writer: SQLiteWriter
    let readers: SQLiteReaders
    let checkpointer: SQLiteCheckpointer

    func didBootAsync(_ application: Application) async throws {
        self.checkpointer.start()
    }

    func shutdownAsync(_ application: Application) async {
        await self.checkpointer.stop()
        self.writer.close()
        self.readers.close()
    }
}
