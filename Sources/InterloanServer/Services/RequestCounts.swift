import InterloanCore
import SQLKit

/// How many requests are in each status on each side of a desk, read from the counts the database keeps as
/// requests change (`request_counts`), so a work queue's size costs one small read however many requests there are.
struct RequestCounts: Sendable {
    private var counts: [WorkQueue.Desk: [String: Int]] = [:]

    /// A library's counts as borrower and as lender; nil for the team, whose queues look at every request.
    static func read(library libraryID: Int?, on sql: any SQLDatabase) async throws -> RequestCounts {
        // PostgreSQL sums BIGINTs into NUMERIC: brought back to a whole number.
        let filter: SQLQueryString =
            if let libraryID {
                "library_id = \(bind: libraryID)"
            } else {
                // Every request has a borrower, so the borrowing side counts each request once.
                "side = \(bind: WorkQueue.Desk.borrowing.rawValue)"
            }
        let query = sql.raw(
            """
            SELECT side, status, CAST(SUM(count) AS BIGINT) AS n FROM request_counts WHERE \(filter) \
            GROUP BY side, status
            """)
        var result = RequestCounts()
        for row in try await query.all() {
            let side = try row.decode(column: "side", as: String.self)
            let desk: WorkQueue.Desk =
                libraryID == nil ? .team : side == WorkQueue.Desk.lending.rawValue ? .lending : .borrowing
            result.counts[desk, default: [:]][try row.decode(column: "status", as: String.self)] =
                try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// The size of a queue that is its statuses only (`WorkQueue.isStatusesOnly`).
    func count(of queue: WorkQueue) -> Int {
        let counts = self.counts[queue.desk] ?? [:]
        return queue.statuses.reduce(0) { $0 + (counts[$1.rawValue] ?? 0) }
    }
}
