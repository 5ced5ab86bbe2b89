import Fluent
import NIOConcurrencyHelpers

/// Group commit for SQLite, which has one writer at a time anyway: writes that arrive while a transaction runs
/// are queued and then committed together in the next one, so concurrent actions share one BEGIN and one COMMIT
/// instead of waiting for each other's. Each write still succeeds or fails on its own: a write that refuses
/// itself before writing (a stale version) leaves the others alone, and any other failure rolls the batch back
/// and retries its writes one transaction each.
actor WriteBatcher {
    typealias Write = @Sendable (any Database) async throws -> Void

    private struct Job {
        let write: Write
        let done: CheckedContinuation<Void, any Error>
    }

    private var queue: [Job] = []
    private var isDraining = false
    /// The most writes one transaction carries, so one commit never waits on a very long batch.
    private let batchLimit = 64

    func submit(_ write: @escaping Write, on database: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            self.queue.append(Job(write: write, done: done))
            if !self.isDraining {
                self.isDraining = true
                Task { await self.drain(database) }
            }
        }
    }

    private func drain(_ database: any Database) async {
        while !self.queue.isEmpty {
            let batch = Array(self.queue.prefix(self.batchLimit))
            self.queue.removeFirst(batch.count)
            await Self.commit(batch, on: database)
        }
        self.isDraining = false
    }

    private static func commit(_ batch: [Job], on database: any Database) async {
        let outcomes = NIOLockedValueBox<[(any Error)?]>([])
        do {
            try await database.transaction { transaction in
                for job in batch {
                    do {
                        try await job.write(transaction)
                        outcomes.withLockedValue { $0.append(nil) }
                    } catch APIError.staleVersion {
                        outcomes.withLockedValue { $0.append(APIError.staleVersion) }
                    }
                }
            }
        } catch {
            for job in batch {
                do {
                    try await database.transaction { try await job.write($0) }
                    job.done.resume()
                } catch {
                    job.done.resume(throwing: error)
                }
            }
            return
        }
        for (job, failure) in zip(batch, outcomes.withLockedValue { $0 }) {
            if let failure { job.done.resume(throwing: failure) } else { job.done.resume() }
        }
    }
}
