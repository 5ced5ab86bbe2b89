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

    /// Courier shipments to or from a library in scope that were received, per route of the borrower and month
    /// shipped.
    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var rows: [String: Row] = [:]
        var lateDays: [String: Int] = [:]
        for (key, count) in tallies.counts where key.figure == .courier && scope.includes(key.serviceType) {
            let parts = key.parts
            guard count != 0, parts.count == 4, let late = Int(parts[3]),
                scope.includes(key.library) || scope.includes(String(parts[2]))
            else { continue }
            let (route, month) = (String(parts[0]), String(parts[1]))
            let name = "\(route) \(month)"
            var row = rows[name] ?? Row(route: route, month: month)
            row.delivered += count
            switch late {
            case ...0: row.onTime += count
            case 1: row.late1Day += count
            case 2: row.late2Days += count
            default: row.late3OrMoreDays += count
            }
            if late > 0 { lateDays[name, default: 0] += late * count }
            rows[name] = row
        }
        return rows.keys.sorted().map { name in
            var row = rows[name]!
            let late = row.late1Day + row.late2Days + row.late3OrMoreDays
            row.meanDaysLate = late == 0 ? nil : DurationSummary.rounded(Double(lateDays[name] ?? 0) / Double(late))
            return row
        }
    }
}
