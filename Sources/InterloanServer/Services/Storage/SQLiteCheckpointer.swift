import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLiteNIO

/// Copies the write-ahead log back into the database file in the background, from a connection and a thread of
/// its own.
///
/// Left to SQLite, a checkpoint runs inside whichever commit takes the log past a thousand pages: that commit
/// copies the pages and syncs the file while every write queued behind it waits, which multiplies the slowest
/// answers several times over (BENCHMARKS.md). So the server's writer turns the automatic
/// checkpoint off and this runs a passive checkpoint, which never blocks the writer or a reader, every `interval`,
/// and restarts the log when it has grown long.
final class SQLiteCheckpointer: Sendable {
    private struct State {
        var pool: NIOThreadPool?
        var task: RepeatedTask?
        var isCheckpointing = false
    }

    /// What one checkpoint found: the frames in the log, how many of them are now in the database file, and
    /// whether the log was made to start over.
    struct Progress: Equatable {
        let logFrames: Int
        let copiedFrames: Int
        var restarted = false
    }

    private let file: SQLiteFile
    private let interval: TimeAmount
    private let state = NIOLockedValueBox(State())
    /// Held through a checkpoint's disk work, so apart from the timer's lock, which an event loop takes.
    private let handle = NIOLockedValueBox<SQLiteHandle?>(nil)

    /// A log longer than `restartFrames` (4 KiB pages: 64 MiB by default) is restarted: each restart holds writers
    /// back while it copies and syncs, so not at every tick.
    private let restartFrames: Int

    init(_ file: SQLiteFile, interval: TimeAmount = .milliseconds(500), restartFrames: Int = 16_384) {
        self.file = file
        self.interval = interval
        self.restartFrames = restartFrames
    }

    /// Starts checkpointing every `interval` until `stop()`.
    func start() {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let task = self.file.eventLoop.scheduleRepeatedTask(initialDelay: self.interval, delay: self.interval) {
            [self] _ in
            // A checkpoint still running when the next is due (a slow disk) is not queued behind.
            let isIdle = self.state.withLockedValue { state in
                defer { state.isCheckpointing = true }
                return !state.isCheckpointing
            }
            guard isIdle else { return }
            pool.submit { poolState in
                defer { self.state.withLockedValue { $0.isCheckpointing = false } }
                guard poolState == .active else { return }
                do {
                    _ = try self.checkpoint()
                } catch {
                    self.file.logger.warning("background checkpoint failed: \(error)")
                }
            }
        }
        self.state.withLockedValue {
            $0.pool = pool
            $0.task = task
        }
    }

    /// Stops the timer, waits for a checkpoint under way, and closes the connection.
    func stop() async {
        let (task, pool) = self.state.withLockedValue { state in
            defer { (state.task, state.pool) = (nil, nil) }
            return (state.task, state.pool)
        }
        task?.cancel()
        do {
            try await pool?.shutdownGracefully()
        } catch {
            self.file.logger.warning("the checkpoint thread did not stop cleanly: \(error)")
        }
        self.handle.withLockedValue { $0 = nil }
    }

    /// Runs one checkpoint now: a passive one, then, when the log has grown past `restartFrames`, a restarting one.
    /// Another checkpoint under way (`SQLITE_BUSY`) is not an error: it copies the same pages.
    @discardableResult
    func checkpoint() throws -> Progress {
        try self.handle.withLockedValue { handle in
            if handle == nil {
                let opened = try self.file.open(readOnly: false)
                // A restarting checkpoint waits for the readers inside the log while holding writers back, in
                // SQLite's sleeps of up to 100 ms each, which under load add up to many times an action's budget.
                // A few milliseconds, then it gives up, and the next tick tries again.
                opened.waitForLocks(milliseconds: Self.restartWaitMilliseconds)
                handle = opened
            }
            let copied = try Self.measuredCheckpoint("PASSIVE", on: handle!)
            guard copied.logFrames >= self.restartFrames else { return copied }
            // Under steady load some reader is always inside the log and some commit always newer than the last
            // checkpoint, so the log never starts over and grows without end (700 MB in 25 s at 2,700 actions a
            // second), slowing every read that searches it. A restarting checkpoint holds writers back while it
            // copies what the passive one left (a moment's commits) and waits for the readers inside the log;
            // the next commit then writes from the log's beginning.
            return try Self.measuredCheckpoint("RESTART", on: handle!)
        }
    }

    private static func measuredCheckpoint(_ mode: String, on handle: SQLiteHandle) throws -> Progress {
        let began = ContinuousClock.now
        let progress = try self.checkpoint(mode, on: handle)
        InterloanMetrics.checkpointed(
            mode: mode.lowercased(), duration: ContinuousClock.now - began, logFrames: progress.logFrames)
        return progress
    }

    static let restartWaitMilliseconds: Int32 = 5

    private static func checkpoint(_ mode: String, on handle: SQLiteHandle) throws -> Progress {
        var progress = Progress(logFrames: 0, copiedFrames: 0)
        try handle.run("PRAGMA wal_checkpoint(\(mode))", []) { row in
            guard case .integer(let busy) = row.values[0], case .integer(let log) = row.values[1],
                case .integer(let copied) = row.values[2]
            else { return }
            // Busy: a lock it needed stayed taken; what it copied stands and the next tick tries again.
            progress = Progress(logFrames: log, copiedFrames: copied, restarted: mode == "RESTART" && busy == 0)
        }
        return progress
    }
}
