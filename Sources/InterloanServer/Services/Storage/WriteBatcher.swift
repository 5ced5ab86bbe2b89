import NIOConcurrencyHelpers
import SQLKit

/// Group commit for SQLite, which has one writer at a time anyway: writes that arrive while a transaction runs
/// are queued and then committed together in the next one, so concurrent actions share one BEGIN and one COMMIT
/// instead of waiting for each other's. Each write still succeeds or fails on its own, in a savepoint: a write
/// that throws is rolled back to where it began and the others commit.
///
/// The transactions run on `WriterThread`, never on the shared pool, so a batch never waits for a thread behind
/// the request handlers' jobs.
final class WriteBatcher: Sendable {
    typealias Write = @Sendable (any SQLDatabase) async throws -> Void

    private struct Job {
        let write: Write
        let done: CheckedContinuation<Void, any Error>
        let queuedAt: ContinuousClock.Instant
    }

    private struct Queue {
        var jobs: [Job] = []
        var isDraining = false
    }

    private let transactions: any WriteTransactions
    private let queue = NIOLockedValueBox(Queue())
    /// The most writes one transaction carries, so one commit never waits on a very long batch.
    private let batchLimit = 64
    /// Told how many writes wait after each one is queued, so a test can know a batch is complete.
    private let onQueued: (@Sendable (Int) -> Void)?
    private static let savepoint = ReadyStatement(fixed: "SAVEPOINT write")
    private static let rollbackToSavepoint = ReadyStatement(fixed: "ROLLBACK TO SAVEPOINT write")
    private static let releaseSavepoint = ReadyStatement(fixed: "RELEASE SAVEPOINT write")

    init(_ transactions: any WriteTransactions, onQueued: (@Sendable (Int) -> Void)? = nil) {
        self.transactions = transactions
        self.onQueued = onQueued
    }

    func submit(_ write: @escaping Write) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let (startsDrain, waiting) = self.queue.withLockedValue { queue in
                queue.jobs.append(Job(write: write, done: done, queuedAt: .now))
                defer { queue.isDraining = true }
                return (!queue.isDraining, queue.jobs.count)
            }
            self.onQueued?(waiting)
            if startsDrain {
                Task(executorPreference: WriterThread.shared) { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = self.queue.withLockedValue { queue -> [Job] in
                let batch = Array(queue.jobs.prefix(self.batchLimit))
                queue.jobs.removeFirst(batch.count)
                if batch.isEmpty { queue.isDraining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let began = ContinuousClock.now
            await Self.commit(batch, with: self.transactions)
            InterloanMetrics.wroteBatch(
                size: batch.count, wait: began - batch[0].queuedAt, commit: ContinuousClock.now - began)
        }
    }

    private static func commit(_ batch: [Job], with transactions: any WriteTransactions) async {
        if batch.count == 1 {
            // Alone, a write is its own transaction: no savepoint to copy pages into.
            await self.commitEachAlone(batch, with: transactions)
            return
        }
        let outcomes = NIOLockedValueBox<[(any Error)?]>([])
        do {
            try await transactions.transaction { transaction in
                for job in batch {
                    // Each write in a savepoint of its own: one that fails is undone alone.
                    try await transaction.run(Self.savepoint)
                    do {
                        try await job.write(transaction)
                        outcomes.withLockedValue { $0.append(nil) }
                    } catch {
                        try await transaction.run(Self.rollbackToSavepoint)
                        outcomes.withLockedValue { $0.append(error) }
                    }
                    try await transaction.run(Self.releaseSavepoint)
                }
            }
        } catch {
            // The transaction itself failed (its commit, or a savepoint the database dropped): nothing of the
            // batch is stored, so each write gets a transaction of its own.
            await self.commitEachAlone(batch, with: transactions)
            return
        }
        for (job, failure) in zip(batch, outcomes.withLockedValue { $0 }) {
            if let failure { job.done.resume(throwing: failure) } else { job.done.resume() }
        }
    }

    private static func commitEachAlone(_ jobs: [Job], with transactions: any WriteTransactions) async {
        for job in jobs {
            do {
                try await transactions.transaction { try await job.write($0) }
                job.done.resume()
            } catch {
                job.done.resume(throwing: error)
            }
        }
    }
}
