import Foundation

/// Each lender in scope as its borrowers meet it: how fast it answers, how often it fills, whether it ships within
/// its response time, and, as a borrower itself, how many loans it sent back late.
public enum ScorecardReport {
    public struct Row: Sendable, Equatable {
        public var library: String
        /// Requests it was asked to fill.
        public var asked: Int
        public var answered: Int
        /// Median time from being asked to its answer, in days to two decimals (nearest rank).
        public var medianAnswerDays: Double?
        public var filled: Int
        public var unfilled: Int
        /// filled ÷ (filled + unfilled), to four decimals.
        public var fillRate: Double?
        public var shipped: Int
        /// Shipped within its response time in working days, counted from when it was asked.
        public var shippedOnTime: Int
        /// Loans it borrowed and shipped back.
        public var returnedAsBorrower: Int
        /// Of those, shipped back after the due date in force.
        public var returnedLate: Int
    }

    /// One row per library in scope that was asked to lend or shipped a loan back, by symbol.
    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var rows: [String: Row] = [:]
        func update(_ library: String, _ change: (inout Row) -> Void) {
            var row =
                rows[library]
                ?? Row(
                    library: library, asked: 0, answered: 0, filled: 0, unfilled: 0, shipped: 0, shippedOnTime: 0,
                    returnedAsBorrower: 0, returnedLate: 0)
            change(&row)
            rows[library] = row
        }
        for (key, count) in tallies.counts(.outcome, in: scope) {
            let parts = key.parts
            guard parts.count == 2, parts[0] == Substring(ReportSide.lending.rawValue) else { continue }
            update(key.library) { row in
                row.asked += count
                if parts[1] == Substring(RequestFacts.Outcome.filled.rawValue) { row.filled += count }
                if parts[1] == Substring(RequestFacts.Outcome.unfilled.rawValue) { row.unfilled += count }
            }
        }
        for (key, count) in tallies.counts(.shipping, in: scope) where rows[key.library] != nil {
            update(key.library) { row in
                if key.dimension == "shipped" { row.shipped += count } else { row.shippedOnTime += count }
            }
        }
        for (key, count) in tallies.counts(.returns, in: scope) {
            update(key.library) { row in
                if key.dimension == "returned" { row.returnedAsBorrower += count } else { row.returnedLate += count }
            }
        }
        var answers: [String: DurationTally] = [:]
        for (key, tally) in tallies.durations(.answer, in: scope) {
            answers[key.library, default: DurationTally()].add(tally)
        }
        return rows.keys.sorted().map { library in
            var card = rows[library]!
            let answered = answers[library] ?? DurationTally()
            card.answered = answered.count
            card.medianAnswerDays = DurationSummary(answered).medianDays
            card.fillRate = DurationSummary.share(card.filled, of: card.filled + card.unfilled)
            return card
        }
    }
}
