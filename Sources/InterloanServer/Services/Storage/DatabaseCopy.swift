import Fluent
import Foundation
import NIOConcurrencyHelpers

/// An in-process copy of something read from the database on every action (the library directory, the courier
/// calendar), reloaded when older than `maximumAge`, so several server instances agree within seconds after a
/// change, or at once after `invalidate()` in this process.
///
/// A locked value rather than an actor: a question costs a lock, not a hop between threads. The database is asked
/// for only when the copy must be reloaded. A copy that has merely grown old is reloaded by one caller while the
/// others go on with it: when every caller reloaded at once, each thirty seconds under load stalled every action
/// for a quarter of a second (BENCHMARKS.md).
final class DatabaseCopy<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: Date = .distantPast
        var isReloading = false
        /// Counts `invalidate()` calls, so a reload that began before one does not store what it read.
        var generation = 0
        var reloads = 0
    }

    private enum Plan {
        case use(Value)
        /// Reload; `claimed` when this caller took the one age-driven reload.
        case reload(generation: Int, claimed: Bool)
    }

    private let state = NIOLockedValueBox(State())
    private let maximumAge: TimeInterval
    /// The time of day the copy's age is measured by (a fixed clock in tests).
    private let now: @Sendable () -> Date
    private let load: @Sendable (any Database) async throws -> Value

    init(
        maximumAge: TimeInterval, now: @escaping @Sendable () -> Date,
        load: @escaping @Sendable (any Database) async throws -> Value
    ) {
        self.maximumAge = maximumAge
        self.now = now
        self.load = load
    }

    /// How many times the copy has been loaded from the database.
    var reloads: Int { self.state.withLockedValue { $0.reloads } }

    /// The copy, reloaded first when there is none, it was invalidated, or it lacks what the caller asks for
    /// (`misses`).
    func current(
        on database: @autoclosure () -> any Database, misses: (Value) -> Bool = { _ in false }
    ) async throws -> Value {
        let now = self.now()
        let plan = self.state.withLockedValue { state -> Plan in
            guard let value = state.value, state.loadedAt != .distantPast, !misses(value) else {
                return .reload(generation: state.generation, claimed: false)
            }
            guard self.isStale(state, at: now), !state.isReloading else { return .use(value) }
            state.isReloading = true
            return .reload(generation: state.generation, claimed: true)
        }
        let generation: Int
        let claimed: Bool
        switch plan {
        case .use(let value): return value
        case .reload(let planned, let claimedReload): (generation, claimed) = (planned, claimedReload)
        }
        defer { if claimed { self.state.withLockedValue { $0.isReloading = false } } }
        let loaded = try await self.load(database())
        self.state.withLockedValue { state in
            state.reloads += 1
            if state.generation == generation { (state.value, state.loadedAt) = (loaded, now) }
        }
        return loaded
    }

    /// The copy in memory without waiting; nil when it is missing, invalidated or stale.
    func inMemory() -> Value? {
        let now = self.now()
        return self.state.withLockedValue { state in
            state.loadedAt == .distantPast || self.isStale(state, at: now) ? nil : state.value
        }
    }

    /// Forgets the copy, e.g. after an edit in this process.
    func invalidate() {
        self.state.withLockedValue { state in
            state.loadedAt = .distantPast
            state.generation += 1
        }
    }

    private func isStale(_ state: State, at now: Date) -> Bool {
        now.timeIntervalSince(state.loadedAt) > self.maximumAge
    }
}
