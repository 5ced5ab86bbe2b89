import NIOConcurrencyHelpers
import Vapor

/// A background task that runs while `interloan serve` runs and is cancelled at shutdown; other commands and the
/// tests leave it off (tests run the work on demand, so they need no waiting).
final class ServingTask: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let body: @Sendable (Application) async -> Void

    init(_ body: @escaping @Sendable (Application) async -> Void) {
        self.body = body
    }

    func didBootAsync(_ application: Application) async throws {
        guard application.environment != .testing, Self.isServing(application.environment.arguments) else { return }
        let body = self.body
        self.task.withLockedValue { $0 = Task { await body(application) } }
    }

    func shutdownAsync(_ application: Application) async {
        let running = self.task.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }

    /// `interloan`, `interloan serve ...` or options only: the default command is `serve`.
    static func isServing(_ arguments: [String]) -> Bool {
        guard let command = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return true }
        return command == "serve"
    }

    /// Delivers the partner outbox.
    static func partnerOutbox() -> ServingTask {
        ServingTask { application in
            await self.releaseAbandonedClaims(in: PartnerMessageRecord.table, on: application)
            await application.partnerOutbox.run()
        }
    }

    /// Makes the NCIP calls to libraries' ILSs.
    static func ilsOutbox() -> ServingTask {
        ServingTask { application in
            await self.releaseAbandonedClaims(in: ILSCallRecord.table, on: application)
            await application.ilsOutbox.run()
        }
    }

    /// Delivers the mail outbox.
    static func mailOutbox() -> ServingTask {
        ServingTask { application in
            await self.releaseAbandonedClaims(in: MailRecord.table, on: application)
            await application.mailOutbox.run()
        }
    }

    /// On SQLite, where this server is the only one (it holds the serving lock), claims an earlier process left
    /// when it was killed are released; on PostgreSQL another instance may be sending, so they run out instead.
    private static func releaseAbandonedClaims(in table: String, on application: Application) async {
        guard application.databaseLock != nil else { return }
        do {
            let released = try await OutboxClaims.releaseAbandoned(in: table, through: application.writes)
            if released > 0 { application.logger.notice("\(table): released \(released) claims of a stopped server") }
        } catch {
            application.logger.error("\(table): claims of a stopped server not released: \(error)")
        }
    }

    /// Keeps the report tallies up with the history, every `ReportLedger.interval`; a failed pass is logged and
    /// retried at the next tick.
    static func reportLedger() -> ServingTask {
        ServingTask { application in
            while !Task.isCancelled {
                do {
                    try await ReportLedger.catchUp(on: application)
                } catch {
                    application.logger.error("report tallies not brought up to date: \(String(reflecting: error))")
                }
                do {
                    try await Task.sleep(for: ReportLedger.interval)
                } catch {
                    return  // cancelled: the server is shutting down
                }
            }
        }
    }

    /// Applies the scheduled rules every five minutes; a failed pass is logged and retried at the next tick.
    static func scheduledJobs() -> ServingTask {
        ServingTask { application in
            while !Task.isCancelled {
                do {
                    let now = application.clock.now()
                    application.scheduledJobsProgress.began(at: now)
                    let began = ContinuousClock.now
                    let report = try await ScheduledJobs.runOnce(asOf: now, on: application)
                    InterloanMetrics.ranScheduledJobs(duration: ContinuousClock.now - began, changes: report.changes)
                    for change in report.changes where change.count > 0 {
                        application.logger.info("job \(change.rule): \(change.count) changed")
                    }
                } catch {
                    application.logger.error("scheduled jobs failed: \(String(reflecting: error))")
                }
                do {
                    try await Task.sleep(for: ScheduledJobs.interval)
                } catch {
                    return  // cancelled: the server is shutting down
                }
            }
        }
    }
}
