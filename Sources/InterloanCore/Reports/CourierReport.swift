import Foundation

/// Courier deliveries against the day they were expected: per route delivering to the borrower and month shipped,
/// how many arrived on time (on or before the expected day) and how many late, by calendar days.
public enum CourierReport {
    public struct Row: Sendable, Equatable {
        /// The borrowing library's courier route.
        public var route: String
        /// `YYYY-MM`, the month shipped.
        public var month: String
        public var delivered = 0
        public var onTime = 0
        public var late1Day = 0
        public var late2Days = 0
        public var late3OrMoreDays = 0
        /// Mean days late over the late ones, to two decimals.
        public var meanDaysLate: Double?
    }

    /// `expected` gives the expected arrival of a request's shipment (nil when it cannot be known); `routes` each
    /// library's courier route. Counts courier shipments to or from a library in scope that were received.
    public static func rows(
        _ facts: [RequestFacts], scope: ReportScope, routes: [String: String],
        expected: (RequestFacts) -> Day?
    ) -> [Row] {
        var rows: [String: Row] = [:]
        var lateDays: [String: Int] = [:]
        for request in facts where scope.includes(request) && request.carrier == Carrier.courier.rawValue {
            guard let shipped = request.shippedAt, let received = request.receivedAt,
                scope.includes(request.borrower) || request.supplier.map(scope.includes) == true,
                let due = expected(request)
            else { continue }
            let route = routes[request.borrower] ?? "none"
            let month = String(Day(shipped).description.prefix(7))
            let key = "\(route) \(month)"
            var row = rows[key] ?? Row(route: route, month: month)
            row.delivered += 1
            let late = due.days(until: Day(received))
            switch late {
            case ...0: row.onTime += 1
            case 1: row.late1Day += 1
            case 2: row.late2Days += 1
            default: row.late3OrMoreDays += 1
            }
            if late > 0 { lateDays[key, default: 0] += late }
            rows[key] = row
        }
        return rows.keys.sorted().map { key in
            var row = rows[key]!
            let late = row.late1Day + row.late2Days + row.late3OrMoreDays
            row.meanDaysLate = late == 0 ? nil : DurationSummary.rounded(Double(lateDays[key] ?? 0) / Double(late))
            return row
        }
    }
}
