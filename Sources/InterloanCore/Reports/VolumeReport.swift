import Foundation

/// Requests per month placed in the period, by side and service type, and how each stands: filled, unfilled,
/// cancelled or still in flight.
public enum VolumeReport {
    public struct Row: Sendable, Equatable, Codable {
        /// `YYYY-MM`, the month the request was placed.
        public var month: String
        public var side: ReportSide
        public var serviceType: ServiceType
        public var placed = 0
        public var filled = 0
        public var unfilled = 0
        public var cancelled = 0
        public var inFlight = 0
    }

    /// One row per month, side and service type with any request, in that order.
    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var rows: [String: Row] = [:]
        for (key, count) in tallies.counts(.outcome, in: scope) {
            let parts = key.parts
            guard parts.count == 2, let side = ReportSide(rawValue: String(parts[0])),
                let outcome = RequestFacts.Outcome(rawValue: String(parts[1]))
            else { continue }
            let name = "\(key.month) \(side.rawValue) \(key.serviceType.rawValue)"
            var row = rows[name] ?? Row(month: key.month, side: side, serviceType: key.serviceType)
            row.placed += count
            switch outcome {
            case .filled: row.filled += count
            case .unfilled: row.unfilled += count
            case .cancelled: row.cancelled += count
            case .inFlight: row.inFlight += count
            }
            rows[name] = row
        }
        return rows.values.sorted {
            ($0.month, $0.side.rawValue, $0.serviceType.rawValue) < (
                $1.month, $1.side.rawValue, $1.serviceType.rawValue
            )
        }
    }
}

/// How one lender's part in a request ended, from the lender's side.
public enum LendingOutcome {
    /// Each lender asked, once, in the order first asked.
    public static func lendersAsked(_ request: RequestFacts) -> [String] {
        var seen: Set<String> = []
        return request.asked.filter { seen.insert($0).inserted }
    }

    /// Filled when it supplied; unfilled when it declined or let its time pass; in flight while it is the lender
    /// being asked of an open request; cancelled otherwise (withdrawn from it, or its conditions refused).
    public static func of(_ lender: String, in request: RequestFacts) -> RequestFacts.Outcome {
        if request.supplier == lender { return .filled }
        if request.declines.contains(where: { $0.lender == lender }) { return .unfilled }
        if request.endedAt == nil, request.shippedAt == nil, request.asked.last == lender { return .inFlight }
        return .cancelled
    }
}
