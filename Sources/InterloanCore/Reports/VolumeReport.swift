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
    public static func rows(_ facts: [RequestFacts], scope: ReportScope) -> [Row] {
        var rows: [String: Row] = [:]
        func count(_ side: ReportSide, _ request: RequestFacts, _ outcome: RequestFacts.Outcome) {
            let month = String(Day(request.placedAt).description.prefix(7))
            let key = "\(month) \(side.rawValue) \(request.serviceType.rawValue)"
            var row = rows[key] ?? Row(month: month, side: side, serviceType: request.serviceType)
            row.placed += 1
            switch outcome {
            case .filled: row.filled += 1
            case .unfilled: row.unfilled += 1
            case .cancelled: row.cancelled += 1
            case .inFlight: row.inFlight += 1
            }
            rows[key] = row
        }
        for request in facts where scope.includes(request) {
            if scope.includes(request.borrower) { count(.borrowing, request, request.outcome) }
            for lender in LendingOutcome.lendersAsked(request) where scope.includes(lender) {
                count(.lending, request, LendingOutcome.of(lender, in: request))
            }
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
