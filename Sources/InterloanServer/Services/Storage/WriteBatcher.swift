import NIOConcurrencyHelpers
import SQLKit

/// Group commit for SQLite, which has one writer at a time anyway: writes that arrive while a transaction runs
/// are queued and then committed together in the next one, so concurrent actions share one BEGIN and one COMMIT
/// instead of waiting for each other's. Each write still succeeds or fails on its own, in a savepoint: a write
/// that throws is rolled back to where it began and the others commit.
actor WriteBatcher {
    typealias Write = @Sendable (any SQLDatabase) async throws -> Void

    private struct Job {
        let write: Write
        let done: CheckedContinuation<Void, any Error>
    }

    private let transactions: any WriteTransactions
    private var queue: [Job] = []
    private var isDraining = false
    /// The most writes one transaction carries, so one commit never waits on a very long batch.
    private let batchLimit = 64

    init(_ transactions: any WriteTransactions) {
        self.transactions = transactions
    }

    func submit(_ write: @escaping Write) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            self.queue.append(Job(write: write, done: done))
            if !self.isDraining {
                self.isDraining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !self.queue.isEmpty {
            let batch = Array(self.queue.prefix(self.batchLimit))
            self.queue.removeFirst(batch.count)
            await Self.commit(batch, with: self.transactions)
        }
        self.isDraining = false
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
                    try await transaction.raw("SAVEPOINT write").run()
                    do {
                        try await job.write(transaction)
                        outcomes.withLockedValue { $0.append(nil) }
                    } catch {
                        try await transaction.raw("ROLLBACK TO SAVEPOINT write").run()
                        outcomes.withLockedValue { $0.append(error) }
                    }
                    try await transaction.raw("RELEASE SAVEPOINT write").run()
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
