import Foundation
import Vapor

/// The time as the application sees it; tests fix it, production reads the system clock.
public struct AppClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = AppClock { Date() }

    public static func fixed(_ date: Date) -> AppClock {
        AppClock { date }
    }
}

extension Application {
    private struct ClockKey: StorageKey {
        typealias Value = AppClock
    }

    /// The clock every handler and command reads; the system clock unless a test replaces it.
    public var clock: AppClock {
        get { self.storage[ClockKey.self] ?? .system }
        set { self.storage[ClockKey.self] = newValue }
    }
}
