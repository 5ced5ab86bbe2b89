import Foundation
import InterloanCore
import Metrics

/// The families Interloan reports, beside Vapor's own `http_requests_total`, `http_request_errors_total` and
/// `http_request_duration_seconds` (labelled by method, route pattern and status). docs/deploy.md lists them.
///
/// Handles that the hot paths use are made once: swift-metrics looks a label up under a lock at every
/// construction. Each is made after the registry, so that none binds to swift-metrics' no-op default.
enum InterloanMetrics {
    static let lifecycleActions = "interloan_lifecycle_actions_total"
    static let writeBatchSize = "interloan_write_batch_size"
    static let writeWait = "interloan_write_wait_seconds"
    static let writeCommit = "interloan_write_commit_seconds"
    static let checkpointDuration = "interloan_checkpoint_duration_seconds"
    static let checkpointLogFrames = "interloan_checkpoint_log_frames"
    static let outboxBacklog = "interloan_outbox_backlog"
    static let outboxOldestAge = "interloan_outbox_oldest_age_seconds"
    static let jobsLag = "interloan_scheduled_jobs_lag_seconds"
    static let jobsDuration = "interloan_scheduled_jobs_duration_seconds"
    static let jobChanges = "interloan_scheduled_job_changes_total"

    /// The name `place` stands for a new request; every other action by its lifecycle name.
    static let placed = "place"

    private static let actionCounters: [String: Counter] = {
        _ = MetricsRegistry.shared
        let names = [Self.placed] + Action.allCases.map(\.rawValue)
        return Dictionary(
            uniqueKeysWithValues: names.map { ($0, Counter(label: lifecycleActions, dimensions: [("action", $0)])) })
    }()

    private static let batchSizes: Recorder = {
        _ = MetricsRegistry.shared
        return Recorder(label: writeBatchSize)
    }()

    private static let waits: Metrics.Timer = {
        _ = MetricsRegistry.shared
        return Metrics.Timer(label: writeWait)
    }()

    private static let commits: Metrics.Timer = {
        _ = MetricsRegistry.shared
        return Metrics.Timer(label: writeCommit)
    }()

    /// Registers the families that appear before their first event, so a dashboard sees zeros, not gaps.
    static func registerFamilies() {
        _ = Self.actionCounters
        _ = Self.everyOtherFamily
    }

    /// The families that are not handles above, made once, empty: a checkpoint or a scheduled pass may not have
    /// happened yet when the first scrape comes.
    private static let everyOtherFamily: Void = {
        _ = (Self.batchSizes, Self.waits, Self.commits)
        for mode in ["passive", "restart"] {
            _ = Metrics.Timer(label: checkpointDuration, dimensions: [("mode", mode)])
        }
        _ = Metrics.Timer(label: jobsDuration)
    }()

    /// A lifecycle action (or `place`) was stored.
    static func performed(_ action: String) {
        Self.actionCounters[action]?.increment()
    }

    /// One write transaction carried `size` writes, the first of which waited `wait` in the queue, and took
    /// `commit` from its BEGIN to its COMMIT.
    static func wroteBatch(size: Int, wait: Duration, commit: Duration) {
        Self.batchSizes.record(size)
        Self.waits.record(duration: wait)
        Self.commits.record(duration: commit)
    }

    /// One background checkpoint (`PASSIVE`, or `RESTART` when the log had grown long) took `duration`, with
    /// `logFrames` in the log when it ended.
    static func checkpointed(mode: String, duration: Duration, logFrames: Int) {
        _ = MetricsRegistry.shared
        Metrics.Timer(label: checkpointDuration, dimensions: [("mode", mode)]).record(duration: duration)
        Gauge(label: checkpointLogFrames).record(logFrames)
    }

    /// One pass of the scheduled rules took `duration` and changed `changes` requests or rows, rule by rule.
    static func ranScheduledJobs(duration: Duration, changes: [(rule: String, count: Int)]) {
        _ = MetricsRegistry.shared
        Metrics.Timer(label: jobsDuration).record(duration: duration)
        for change in changes {
            Counter(label: jobChanges, dimensions: [("rule", change.rule)]).increment(by: change.count)
        }
    }
}
