import Foundation
import InterloanCore
import SQLKit

/// The facts of the requests a report covers, folded from their history: the requests placed in the period, of
/// the service type asked for, that a library in scope placed or was asked to fill.
enum ReportHistory {
    static func facts(for query: ReportQuery, on sql: any SQLDatabase) async throws -> [RequestFacts] {
        let filter = self.filter(query)
        let requests = try await sql.raw(
            """
            SELECT r.id, r.service_type, r.created_at, r.title, r.journal_title, b.symbol FROM requests r \
            JOIN libraries b ON b.id = r.borrower_id WHERE \(filter) ORDER BY r.id
            """
        ).all()
        var facts: [Int: RequestFacts] = [:]
        var order: [Int] = []
        for row in requests {
            let id = try row.decode(column: "id", as: Int.self)
            facts[id] = RequestFacts(
                requestID: id, borrower: try row.decode(column: "symbol", as: String.self),
                serviceType: ServiceType(rawValue: try row.decode(column: "service_type", as: String.self)) ?? .loan,
                placedAt: try row.decode(column: "created_at", as: Date.self))
            facts[id]!.title = try row.decode(column: "title", as: String.self)
            facts[id]!.journal = try row.decode(column: "journal_title", as: String?.self)
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
            let id = try row.decode(column: "request_id", as: Int.self)
            guard facts[id] != nil else { continue }
            facts[id]!.apply(
                HistoryEntry(
                    at: try row.decode(column: "at", as: Date.self),
                    action: try row.decode(column: "action", as: String.self),
                    from: try row.decode(column: "from_status", as: String?.self).flatMap(RequestStatus.init),
                    to: RequestStatus(rawValue: try row.decode(column: "to_status", as: String.self)) ?? .submitted,
                    details: EventDetails.decode(try row.decode(column: "details", as: String.self))))
        }
        return order.map { facts[$0]! }
    }

    /// The condition on `requests r` that picks the report's requests.
    private static func filter(_ query: ReportQuery) -> SQLQueryString {
        var filter: SQLQueryString = """
            r.created_at >= \(bind: query.period.from.date) AND r.created_at < \(bind: query.period.to.adding(days: 1).date)
            """
        if let type = query.scope.serviceType {
            filter += " AND r.service_type = \(bind: type.rawValue)"
        }
        if let symbols = query.scope.libraries {
            let ids: [any Encodable & Sendable] = query.libraries.filter { symbols.contains($0.symbol) }.map(\.id)
            guard !ids.isEmpty else { return filter + " AND 1 = 0" }
            filter += """
                 AND (r.borrower_id IN (\(binds: ids)) OR r.id IN \
                (SELECT l.request_id FROM request_lenders l WHERE l.library_id IN (\(binds: ids))))
                """
        }
        return filter
    }
}
