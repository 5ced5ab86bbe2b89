import Foundation
import InterloanCore
import SQLKit

/// The facts of the requests a report covers: for a closed month, as they stood when it closed; for the others,
/// folded now from their history. Only requests placed in the period, of the service type asked for, that a library
/// in scope placed or was asked to fill are read.
enum ReportHistory {
    /// The facts, and the closed months among the period's.
    static func facts(for query: ReportQuery, on sql: any SQLDatabase) async throws -> (
        facts: [RequestFacts], closedMonths: [String]
    ) {
        let closed = try await ReportMonths.closed(from: query.period.from, to: query.period.to, on: sql)
        let ids: [Int]? = query.scope.libraries.map { symbols in
            query.libraries.filter { symbols.contains($0.symbol) }.map(\.id)
        }
        // Only the open months are folded; the closed ones are read as they were kept.
        var facts: [RequestFacts] = []
        for (from, to) in self.openSpans(of: query.period, closed: Set(closed)) {
            facts += try await self.folded(
                placedFrom: from, to: to, serviceType: query.scope.serviceType, libraryIDs: ids, on: sql)
        }
        let scope = query.scope
        for frozen in try await ReportMonths.frozenFacts(months: closed, on: sql) {
            let day = Day(frozen.placedAt)
            guard day >= query.period.from, day <= query.period.to, scope.includes(frozen),
                scope.includes(frozen.borrower) || frozen.asked.contains(where: scope.includes)
            else { continue }
            facts.append(frozen)
        }
        return (facts, closed)
    }

    /// The days of `period` outside the `closed` months, as spans of consecutive open months (clipped to it).
    static func openSpans(of period: ReportPeriod, closed: Set<String>) -> [(Day, Day)] {
        var spans: [(Day, Day)] = []
        var start: Day?
        var month = Day(year: period.from.year, month: period.from.month, day: 1)!
        while month <= period.to {
            let next = ReportMonths.nextMonth(after: month)
            if closed.contains(ReportMonths.month(of: month)) {
                if let open = start { spans.append((open, month.adding(days: -1))) }
                start = nil
            } else if start == nil {
                start = max(month, period.from)
            }
            month = next
        }
        if let open = start { spans.append((open, period.to)) }
        return spans
    }

    /// The facts of the requests placed from `from` to `to` (days included), folded from their history now;
    /// limited to `serviceType` and to requests that one of `libraryIDs` placed or was in the lender string of.
    static func folded(
        placedFrom from: Day, to: Day, serviceType: ServiceType?, libraryIDs: [Int]?, on sql: any SQLDatabase
    ) async throws -> [RequestFacts] {
        try await self.folded(
            where: self.filter(from: from, to: to, serviceType: serviceType, libraryIDs: libraryIDs), on: sql)
    }

    /// The facts of the requests `ids`, folded from their history now, in the order of their IDs.
    static func folded(requestIDs ids: [Int], on sql: any SQLDatabase) async throws -> [RequestFacts] {
        var facts: [RequestFacts] = []
        // A few thousand at a time: each is bound twice, and SQLite takes at most 32,766 bound values.
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let binds: [any Encodable & Sendable] = Array(ids[start..<min(start + 5_000, ids.count)])
            facts += try await self.folded(where: "r.id IN (\(binds: binds))", on: sql)
        }
        return facts
    }

    /// The facts of the requests `r` that `filter` picks.
    private static func folded(where filter: SQLQueryString, on sql: any SQLDatabase) async throws -> [RequestFacts] {
        let requests = try await sql.raw(
            """
            SELECT r.id, r.service_type, r.created_at, r.title, r.journal_title, b.symbol FROM requests r \
            JOIN libraries b ON b.id = r.borrower_id WHERE \(filter) ORDER BY r.id
            """
        ).all()
        var facts: [Int: RequestFacts] = [:]
        var order: [Int] = []
        for row in requests {
            let columns = ColumnReader(row)
            let id = try columns.int("id")
            var request = RequestFacts(
                requestID: id, borrower: try columns.string("symbol"),
                serviceType: ServiceType(rawValue: try columns.string("service_type")) ?? .loan,
                placedAt: try columns.date("created_at"))
            request.title = try columns.string("title")
            request.journal = try columns.optionalString("journal_title")
            facts[id] = request
            order.append(id)
        }
        guard !order.isEmpty else { return [] }
        let events = try await sql.raw(
            """
            SELECT e.request_id, e.at, e.action, e.from_status, e.to_status, e.details FROM request_events e \
            WHERE e.request_id IN (SELECT r.id FROM requests r WHERE \(filter)) ORDER BY e.request_id, e.at, e.id
            """
        ).all()
        for row in events {
            let columns = ColumnReader(row)
            let id = try columns.int("request_id")
            guard facts[id] != nil else { continue }
            facts[id]!.apply(
                HistoryEntry(
                    at: try columns.date("at"), action: try columns.string("action"),
                    from: try columns.optionalString("from_status").flatMap(RequestStatus.init),
                    to: RequestStatus(rawValue: try columns.string("to_status")) ?? .submitted,
                    details: EventDetails.decode(try columns.string("details"))))
        }
        return order.map { facts[$0]! }
    }

    /// Whether any request was placed in the month of `period` (which lies within one month) on a day outside it.
    static func anyPlaced(inMonthOf period: ReportPeriod, on sql: any SQLDatabase) async throws -> Bool {
        let first = Day(year: period.from.year, month: period.from.month, day: 1)!
        let next = ReportMonths.nextMonth(after: first)
        for (from, to) in [(first, period.from), (period.to.adding(days: 1), next)] where from < to {
            let row = try await sql.raw(
                """
                SELECT id FROM requests WHERE created_at >= \(bind: from.date) AND created_at < \(bind: to.date) \
                LIMIT 1
                """
            ).first()
            if row != nil { return true }
        }
        return false
    }

    /// The condition on `requests r` that picks the requests.
    private static func filter(from: Day, to: Day, serviceType: ServiceType?, libraryIDs: [Int]?) -> SQLQueryString {
        var filter: SQLQueryString = """
            r.created_at >= \(bind: from.date) AND r.created_at < \(bind: to.adding(days: 1).date)
            """
        if let serviceType {
            filter += " AND r.service_type = \(bind: serviceType.rawValue)"
        }
        if let libraryIDs {
            guard !libraryIDs.isEmpty else { return filter + " AND 1 = 0" }
            let ids: [any Encodable & Sendable] = libraryIDs
            filter += """
                 AND (r.borrower_id IN (\(binds: ids)) OR r.id IN \
                (SELECT l.request_id FROM request_lenders l WHERE l.library_id IN (\(binds: ids))))
                """
        }
        return filter
    }
}
