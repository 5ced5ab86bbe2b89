import Foundation

/// How long each leg of a request took, for the requests placed in the period by the libraries in scope.
public enum TurnaroundReport {
    /// The legs, each from one event of the history to the next.
    public enum Leg: String, Sendable, CaseIterable, Codable {
        /// Placed to the first lender's answer (will supply, conditions, or unfilled).
        case placedToAnswer
        /// The agreement to supply to the shipment.
        case answerToShipped
        /// Shipped to received by the borrower.
        case shippedToReceived
        /// Received to shipped back (loans).
        case receivedToReturned
        /// Shipped back to checked in by the lender (loans).
        case returnedToCheckedIn
    }

    public struct Row: Sendable, Equatable, Codable {
        public var leg: Leg
        /// `all`, or for the delivery leg `carrier` or `route` (the borrower's courier route).
        public var groupBy: String
        /// The carrier or route; empty for `all`.
        public var group: String
        public var summary: DurationSummary
    }

    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var groups: [String: DurationTally] = [:]
        for (key, tally) in tallies.durations(.leg, in: scope) {
            groups[key.dimension, default: DurationTally()].add(tally)
        }
        var rows: [Row] = []
        for leg in Leg.allCases {
            let all = groups[ReportTallies.dimension(leg.rawValue, "all", "")] ?? DurationTally()
            rows.append(Row(leg: leg, groupBy: "all", group: "", summary: DurationSummary(all)))
            for groupBy in ["carrier", "route"] {
                let prefix = ReportTallies.dimension(leg.rawValue, groupBy, "")
                for dimension in groups.keys.filter({ $0.hasPrefix(prefix) }).sorted() {
                    rows.append(
                        Row(
                            leg: leg, groupBy: groupBy, group: String(dimension.dropFirst(prefix.count)),
                            summary: DurationSummary(groups[dimension]!)))
                }
            }
        }
        return rows
    }

    /// The leg's span for one request, when both its ends happened in that order.
    public static func span(_ leg: Leg, of request: RequestFacts) -> DurationSummary.Span? {
        let ends: (Date?, Date?)
        switch leg {
        case .placedToAnswer: ends = (request.placedAt, request.firstAnswerAt)
        case .answerToShipped: ends = (request.agreedAt, request.shippedAt)
        case .shippedToReceived: ends = (request.shippedAt, request.receivedAt)
        case .receivedToReturned: ends = (request.receivedAt, request.returnedAt)
        case .returnedToCheckedIn: ends = (request.returnedAt, request.checkedInAt)
        }
        guard let start = ends.0, let end = ends.1, end >= start else { return nil }
        return DurationSummary.Span(start: start, end: end)
    }
}
