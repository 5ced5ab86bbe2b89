import NIOConcurrencyHelpers
import Vapor

/// Runs the partner outbox in the background while `interloan serve` runs; other commands and the tests leave it
/// off (tests deliver on demand, so they need no waiting).
final class PartnerOutboxWorker: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        guard application.environment != .testing, Self.isServing(application.environment.arguments) else { return }
        let outbox = application.partnerOutbox
        self.task.withLockedValue { $0 = Task { await outbox.run() } }
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
}
