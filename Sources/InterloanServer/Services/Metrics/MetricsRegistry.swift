import Metrics
import Prometheus

/// The process's one metrics registry. swift-metrics takes a single factory per process, so it is set to
/// Prometheus here, the first time anything asks, and every `Application` in the process (the tests make many)
/// reports into the same registry: a reader compares values before and after rather than expecting zeros.
enum MetricsRegistry {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // The writer's waits and SQLite's checkpoints are counted in fractions of a millisecond when all is well;
        // the default buckets start at 5 ms and would put every one of them in the first.
        let fine: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.durationHistogramBuckets = [
            InterloanMetrics.writeWait: fine, InterloanMetrics.writeCommit: fine,
            InterloanMetrics.checkpointDuration: fine,
        ]
        factory.valueHistogramBuckets = [InterloanMetrics.writeBatchSize: [1, 2, 4, 8, 16, 32, 64]]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The registry's contents in the Prometheus text format.
    static func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        self.shared.emit(into: &buffer)
        return buffer
    }
}
