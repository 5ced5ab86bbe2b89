import Foundation
import NIOConcurrencyHelpers
import Vapor

/// When the scheduled rules last began a pass in this process, so `/metrics` can say how late the next one is.
final class ScheduledJobsProgress: Sendable {
    private let lastStart = NIOLockedValueBox<Date?>(nil)

    /// A pass began at `date`.
    func began(at date: Date) {
        self.lastStart.withLockedValue { $0 = date }
    }

    /// How far past its due time (one `interval` after the last start) the next pass is at `now`: zero while on
    /// time, growing while a pass hangs or the scheduler has stopped; nil before the first pass.
    func lag(at now: Date, interval: Duration = ScheduledJobs.interval) -> Double? {
        guard let start = self.lastStart.withLockedValue({ $0 }) else { return nil }
        return max(0, now.timeIntervalSince(start) - Double(interval.components.seconds))
    }
}

extension Application {
    private struct ScheduledJobsProgressKey: StorageKey {
        typealias Value = ScheduledJobsProgress
    }

    /// The scheduler's progress in this process; set by `configure`.
    var scheduledJobsProgress: ScheduledJobsProgress {
        get { self.storage[ScheduledJobsProgressKey.self] ?? ScheduledJobsProgress() }
        set { self.storage[ScheduledJobsProgressKey.self] = newValue }
    }
}
