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

    /// The figures of `facts`, the requests placed in `month`; `expected` gives a courier delivery's expected day.
    public init(month: String, facts: [RequestFacts], expected: (RequestFacts) -> Day?) {
        self.month = month
        self.placed = facts.count
        let filled = facts.count { $0.outcome == .filled }
        let decided = filled + facts.count { $0.outcome == .unfilled }
        self.fillRate = DurationSummary.share(filled, of: decided)
        let seconds = facts.compactMap { request in
            request.receivedAt.map { max(0, $0.timeIntervalSince(request.placedAt)) }
        }.sorted()
        self.medianDaysToReceive = DurationSummary.nearestRank(50, of: seconds).map {
            DurationSummary.rounded($0 / 86_400)
        }
        var delivered = 0
        var onTime = 0
        for request in facts where request.carrier == Carrier.courier.rawValue {
            guard let received = request.receivedAt, let due = expected(request) else { continue }
            delivered += 1
            if Day(received) <= due { onTime += 1 }
        }
        self.courierDelivered = delivered
        self.courierOnTime = DurationSummary.share(onTime, of: delivered)
    }
}
