import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `GET /ready`: 200 only when the database answers, every migration of this build has run and a write goes
/// through (on SQLite, the one writer is alive); otherwise 503 naming the first thing that is not ready. For a
/// load balancer or an orchestrator deciding whether to send traffic; `/health` stays the cheap liveness check.
struct ReadinessController: RouteCollection {
    /// How long the write probe may take before the writer counts as stuck.
    static let writeTimeout: Duration = .seconds(5)

    struct Readiness: Content {
        var status: String
        var reason: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.ready, use: self.ready)
    }

    @Sendable func ready(_ request: Request) async throws -> Response {
        let problem = await Self.problem(request, writeTimeout: Self.writeTimeout)
        let answer = Readiness(status: problem == nil ? "ready" : "unavailable", reason: problem)
        return try await answer.encodeResponse(status: problem == nil ? .ok : .serviceUnavailable, for: request)
    }

    /// What keeps this instance from serving, or nil when nothing does.
    static func problem(_ request: Request, writeTimeout: Duration) async -> String? {
        let applied: Set<String>
        do {
            applied = try await self.appliedMigrations(request)
        } catch {
            request.logger.debug("ready: the database does not answer: \(error)")
            return "the database does not answer"
        }
        let missing = SchemaHistory.migrations.map(\.name).filter { !applied.contains($0) }
        if let first = missing.first {
            return "not every migration has run (\(missing.count) missing, first \(first)): run interloan migrate"
        }
        let probe = request.application.writeProbe.start(request.writes)
        // A write that never ends cannot be cancelled, so it is left behind rather than waited for: whichever of
        // the write and the deadline comes first answers.
        let wrote = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answered = NIOLockedValueBox(false)
            let answer = { @Sendable (value: Bool) in
                let first = answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task { answer(await probe.value) }
            Task {
                try? await Task.sleep(for: writeTimeout)
                answer(false)
            }
        }
        return wrote ? nil : "a write does not go through (the writer is stopped or stuck)"
    }

    /// The migrations recorded as run. On SQLite they are read through a new connection, so that a file that can
    /// no longer be opened or read shows even while the long-lived handles still answer from what they opened.
    private static func appliedMigrations(_ request: Request) async throws -> Set<String> {
        let query = "SELECT name FROM _fluent_migrations"
        if let readers = request.application.sqliteReaders {
            return Set(try readers.readOnFreshHandle(query))
        }
        return Set(
            try await request.reads.raw(SQLQueryString(query)).all().map {
                try $0.decode(column: "name", as: String.self)
            })
    }
}

/// The write `/ready` sends through the writer. While one is under way every probe waits on it rather than adding
/// its own, so a stuck writer and a balancer probing every second never pile up writes behind it.
final class WriteProbe: Sendable {
    private let inFlight = NIOLockedValueBox<Task<Bool, Never>?>(nil)

    /// The probe under way, or a new one: true once a write went through.
    func start(_ writes: Writes) -> Task<Bool, Never> {
        self.inFlight.withLockedValue { current in
            if let current { return current }
            let probe = Task {
                let wrote = (try? await writes.write { try await $0.raw("SELECT 1").run() }) != nil
                // Under the lock held while this task is stored, so it is never cleared before it is stored.
                self.inFlight.withLockedValue { $0 = nil }
                return wrote
            }
            current = probe
            return probe
        }
    }
}

extension Application {
    private struct WriteProbeKey: StorageKey {
        typealias Value = WriteProbe
    }

    /// The readiness check's write probe; set by `configure`.
    var writeProbe: WriteProbe {
        get { self.storage[WriteProbeKey.self] ?? WriteProbe() }
        set { self.storage[WriteProbeKey.self] = newValue }
    }
}
