import Foundation

/// The team's four figures for one month, for its home page: requests placed, fill rate, median days from placing
/// to receipt, and the share of courier deliveries on time.
public struct MonthFigures: Sendable, Equatable {
    /// `YYYY-MM`.
    public var month: String
    public var placed: Int
    /// filled ÷ (filled + unfilled) of the month's requests, to four decimals.
    public var fillRate: Double?
    /// Nearest-rank median of placed-to-received in days, to two decimals.
    public var medianDaysToReceive: Double?
    public var courierDelivered: Int
    /// Courier deliveries received on or before their expected day ÷ courier deliveries received, to four decimals.
    public var courierOnTime: Double?

    /// The figures of the whole consortium's requests placed in `month`, from their tallies.
    public init(month: String, tallies: ReportTallies) {
        self.month = month
        let everyone = ReportScope()
        var outcomes: [String: Int] = [:]
        for (key, count) in tallies.counts(.outcome, in: everyone) where key.month == month {
            outcomes[key.dimension, default: 0] += count
        }
        let borrowing = { (outcome: RequestFacts.Outcome) in
            outcomes[ReportTallies.dimension(ReportSide.borrowing.rawValue, outcome.rawValue)] ?? 0
        }
        self.placed = RequestFacts.Outcome.allCases.reduce(0) { $0 + borrowing($1) }
        self.fillRate = DurationSummary.share(borrowing(.filled), of: borrowing(.filled) + borrowing(.unfilled))
        var received = DurationTally()
        for (key, tally) in tallies.durations(.placedToReceived, in: everyone) where key.month == month {
            received.add(tally)
        }
        self.medianDaysToReceive = DurationSummary(received).medianDays
        var delivered = 0
        var onTime = 0
        for (key, count) in tallies.counts(.courier, in: everyone) where key.month == month {
            delivered += count
            if key.parts.last == "0" { onTime += count }
        }
        self.courierDelivered = delivered
        self.courierOnTime = DurationSummary.share(onTime, of: delivered)
    }
}
