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
    static func partnerOutbox() -> ServingTask { ServingTask { application in await application.partnerOutbox.run() } }

    /// Delivers the mail outbox.
    static func mailOutbox() -> ServingTask { ServingTask { application in await application.mailOutbox.run() } }

    /// Applies the scheduled rules every five minutes; a failed pass is logged and retried at the next tick.
    static func scheduledJobs() -> ServingTask {
        ServingTask { application in
            while !Task.isCancelled {
                do {
                    let report = try await ScheduledJobs.runOnce(asOf: application.clock.now(), on: application)
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
