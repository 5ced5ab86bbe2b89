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

    /// `responseDays` gives each lender's response time in working days (4 when it is not known).
    public static func rows(
        _ facts: [RequestFacts], scope: ReportScope, responseDays: [String: Int], calendar: WorkingCalendar
    ) -> [Row] {
        var rows: [String: Row] = [:]
        var answerSeconds: [String: [Double]] = [:]
        func row(_ library: String) -> Row {
            rows[library]
                ?? Row(
                    library: library, asked: 0, answered: 0, filled: 0, unfilled: 0, shipped: 0, shippedOnTime: 0,
                    returnedAsBorrower: 0, returnedLate: 0)
        }
        for request in facts where scope.includes(request) {
            for lender in LendingOutcome.lendersAsked(request) where scope.includes(lender) {
                var card = row(lender)
                card.asked += 1
                if let asked = request.askedAt[lender], let answered = request.answeredAt[lender] {
                    card.answered += 1
                    answerSeconds[lender, default: []].append(max(0, answered.timeIntervalSince(asked)))
                }
                switch LendingOutcome.of(lender, in: request) {
                case .filled: card.filled += 1
                case .unfilled: card.unfilled += 1
                case .cancelled, .inFlight: break
                }
                if request.supplier == lender, let shipped = request.shippedAt, let asked = request.askedAt[lender] {
                    card.shipped += 1
                    let deadline = calendar.workingDay(responseDays[lender] ?? 4, after: Day(asked))
                    if Day(shipped) <= deadline { card.shippedOnTime += 1 }
                }
                rows[lender] = card
            }
            if request.serviceType == .loan, request.returnedAt != nil, scope.includes(request.borrower) {
                var card = row(request.borrower)
                card.returnedAsBorrower += 1
                if let due = request.dueDateAtReturn, let returned = request.returnedAt, Day(returned) > due {
                    card.returnedLate += 1
                }
                rows[request.borrower] = card
            }
        }
        return rows.keys.sorted().map { library in
            var card = rows[library]!
            let seconds = (answerSeconds[library] ?? []).sorted()
            card.medianAnswerDays = DurationSummary.nearestRank(50, of: seconds).map {
                DurationSummary.rounded($0 / 86_400)
            }
            let decided = card.filled + card.unfilled
            card.fillRate =
                DurationSummary.share(card.filled, of: decided)
            return card
        }
    }
}
