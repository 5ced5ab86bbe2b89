import Foundation
import Metrics
import SQLKit
import Vapor

/// The figures read from the database when `/metrics` is scraped: how many partner messages, mails and ILS calls
/// wait to be sent, how long the oldest has waited, and how late the scheduled rules are.
enum OutboxGauges {
    /// Sets the gauges as of now; a database that does not answer leaves them at their last values, since the
    /// HTTP figures are worth serving all the same and `/ready` reports the database.
    static func update(_ request: Request) async {
        let now = request.application.clock.now()
        let outboxes: [(name: String, table: String, pending: String)] = [
            ("partner", PartnerMessageRecord.table, PartnerMessageRecord.State.pending.rawValue),
            ("mail", MailRecord.table, MailRecord.State.pending.rawValue),
            ("ils", ILSCallRecord.table, ILSCallRecord.State.pending.rawValue),
        ]
        for outbox in outboxes {
            do {
                let row = try await request.reads.select()
                    .column(SQLFunction("count", args: SQLLiteral.all), as: "backlog")
                    .column(SQLFunction("min", args: SQLIdentifier("created_at")), as: "oldest")
                    .from(outbox.table)
                    .where("state", .equal, outbox.pending)
                    .first()
                guard let row else { continue }
                let reader = ColumnReader(row)
                let oldest = try reader.optionalDate("oldest")
                _ = MetricsRegistry.shared
                Gauge(label: InterloanMetrics.outboxBacklog, dimensions: [("outbox", outbox.name)])
                    .record(try reader.int("backlog"))
                Gauge(label: InterloanMetrics.outboxOldestAge, dimensions: [("outbox", outbox.name)])
                    .record(oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
            } catch {
                request.logger.debug("metrics: the \(outbox.name) outbox could not be read: \(error)")
            }
        }
        if let lag = request.application.scheduledJobsProgress.lag(at: now) {
            Gauge(label: InterloanMetrics.jobsLag).record(lag)
        }
    }
}
