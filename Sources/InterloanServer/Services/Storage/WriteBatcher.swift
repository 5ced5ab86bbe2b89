import NIOConcurrencyHelpers
import SQLKit

/// Group commit: writes that arrive while a transaction runs are queued and then committed together in the next
/// one, so concurrent actions share one BEGIN and one COMMIT (and one flush to disk) instead of waiting for each
/// other's. Each write still succeeds or fails on its own, in a savepoint: a write that throws is rolled back to
/// where it began and the others commit.
///
/// Where a savepoint costs a round trip (PostgreSQL), a batch can go without them: then a write that throws undoes
/// its whole batch, and each of the batch's writes runs again in a transaction of its own.
///
/// Transactions run in `lanes`, each one transaction at a time: SQLite has one writer anyway, so one lane, on
/// `WriterThread` so a batch never waits for a thread behind the request handlers' jobs; PostgreSQL takes several,
/// each on a connection of its own while it commits, so one batch's round trips overlap another's.
final class WriteBatcher: Sendable {
    typealias Write = @Sendable (any SQLDatabase) async throws -> Void

    private struct Job {
        let write: Write
        let durability: Durability
        let done: CheckedContinuation<Void, any Error>
        let queuedAt: ContinuousClock.Instant
    }

    private struct Lane {
        var jobs: [Job] = []
        var isDraining = false
    }

    private let transactions: any WriteTransactions
    private let lanes: NIOLockedValueBox<[Lane]>
    private let executor: (any TaskExecutor)?
    private let usesSavepoints: Bool
    /// The most writes one transaction carries, so one commit never waits on a very long batch.
    private let batchLimit = 64
    /// Told how many writes wait after each one is queued, so a test can know a batch is complete.
    private let onQueued: (@Sendable (Int) -> Void)?
    private static let savepoint = ReadyStatement(fixed: "SAVEPOINT write")
    private static let rollbackToSavepoint = ReadyStatement(fixed: "ROLLBACK TO SAVEPOINT write")
    private static let releaseSavepoint = ReadyStatement(fixed: "RELEASE SAVEPOINT write")

    /// `lanes` transactions may run at once (at least one); their tasks prefer `executor` when one is given.
    init(
        _ transactions: any WriteTransactions, lanes: Int = 1, executor: (any TaskExecutor)? = nil,
        usesSavepoints: Bool = true, onQueued: (@Sendable (Int) -> Void)? = nil
    ) {
        self.usesSavepoints = usesSavepoints
        self.transactions = transactions
        self.lanes = NIOLockedValueBox(Array(repeating: Lane(), count: max(1, lanes)))
        self.executor = executor
        self.onQueued = onQueued
    }

    /// Runs `write` in the next batch; the batch's commit waits for the disk unless every write in it may wait for
    /// a later flush.
    func submit(_ durability: Durability = .flushed, _ write: @escaping Write) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let (lane, startsDrain, waiting) = self.lanes.withLockedValue { lanes in
                let lane = Self.laneFor(lanes)
                lanes[lane].jobs.append(Job(write: write, durability: durability, done: done, queuedAt: .now))
                defer { lanes[lane].isDraining = true }
                return (lane, !lanes[lane].isDraining, lanes[lane].jobs.count)
            }
            self.onQueued?(waiting)
            if startsDrain {
                Task(executorPreference: self.executor) { await self.drain(lane: lane) }
            }
        }
    }

    /// An idle lane if there is one, so a write starts at once; otherwise the one with the fewest writes waiting,
    /// whose next batch this write joins.
    private static func laneFor(_ lanes: [Lane]) -> Int {
        if let idle = lanes.firstIndex(where: { !$0.isDraining }) { return idle }
        return lanes.indices.min { lanes[$0].jobs.count < lanes[$1].jobs.count } ?? 0
    }

    private func drain(lane: Int) async {
        while true {
            let batch = self.lanes.withLockedValue { lanes -> [Job] in
                let batch = Array(lanes[lane].jobs.prefix(self.batchLimit))
                lanes[lane].jobs.removeFirst(batch.count)
                if batch.isEmpty { lanes[lane].isDraining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let began = ContinuousClock.now
            if self.usesSavepoints || batch.count == 1 {
                await Self.commit(batch, with: self.transactions)
            } else {
                await Self.commitWithoutSavepoints(batch, with: self.transactions)
            }
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
            try await transactions.transaction(Self.durability(of: batch)) { transaction in
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

    private static func commitWithoutSavepoints(_ batch: [Job], with transactions: any WriteTransactions) async {
        do {
            try await transactions.transaction(Self.durability(of: batch)) { transaction in
                for job in batch { try await job.write(transaction) }
            }
        } catch {
            await self.commitEachAlone(batch, with: transactions)
            return
        }
        for job in batch { job.done.resume() }
    }

    private static func commitEachAlone(_ jobs: [Job], with transactions: any WriteTransactions) async {
        for job in jobs {
            do {
                try await transactions.transaction(job.durability) { try await job.write($0) }
                job.done.resume()
            } catch {
                job.done.resume(throwing: error)
            }
        }
    }

    /// A batch's commit waits for the disk when any of its writes needs it to.
    private static func durability(of batch: [Job]) -> Durability {
        batch.allSatisfy { $0.durability == .withNextFlush } ? .withNextFlush : .flushed
    }
}
