import InterloanCore
import SQLKit

/// How many requests are in each status on each side of a desk. On SQLite they are read from the counts the
/// database keeps as requests change (`request_counts`, see `CreateRequestCounts`), so a work queue's size costs
/// one small read however many requests there are; on PostgreSQL they are counted from the requests, grouped by
/// status.
struct RequestCounts: Sendable {
    private var counts: [WorkQueue.Desk: [String: Int]] = [:]

    /// A library's counts as borrower and as lender; nil for the team, whose queues look at every request.
    static func read(library libraryID: Int?, on sql: any SQLDatabase) async throws -> RequestCounts {
        let borrowing = WorkQueue.Desk.borrowing.rawValue
        let lending = WorkQueue.Desk.lending.rawValue
        let query: SQLQueryString
        switch (sql.dialect.name == "sqlite", libraryID) {
        case (true, let libraryID?):
            query = "SELECT side, status, count AS n FROM request_counts WHERE library_id = \(bind: libraryID)"
        case (true, nil):
            // Every request has a borrower, so the borrowing side counts each request once.
            query = """
                SELECT side, status, SUM(count) AS n FROM request_counts WHERE side = \(bind: borrowing) \
                GROUP BY side, status
                """
        case (false, let libraryID?):
            query = """
                SELECT \(bind: borrowing) AS side, status, COUNT(*) AS n FROM requests \
                WHERE borrower_id = \(bind: libraryID) GROUP BY status UNION ALL \
                SELECT \(bind: lending) AS side, status, COUNT(*) AS n FROM requests \
                WHERE current_lender_id = \(bind: libraryID) GROUP BY status
                """
        case (false, nil):
            query = "SELECT \(bind: borrowing) AS side, status, COUNT(*) AS n FROM requests GROUP BY status"
        }
        var result = RequestCounts()
        for row in try await sql.raw(query).all() {
            let side = try row.decode(column: "side", as: String.self)
            let desk: WorkQueue.Desk = libraryID == nil ? .team : side == lending ? .lending : .borrowing
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
