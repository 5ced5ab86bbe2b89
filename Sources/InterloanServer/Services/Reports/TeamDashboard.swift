import Foundation
import InterloanCore
import NIOConcurrencyHelpers
import Vapor

/// The team's home-page figures: this month against last, folded from the history like the reports, and kept for
/// five minutes so the home page does not fold two months of requests at every visit.
final class TeamDashboard: Sendable {
    /// How long figures are shown before they are made again.
    static let lifetime: TimeInterval = 300

    private let kept = NIOLockedValueBox<(madeAt: Date, month: String, figures: [MonthFigures])?>(nil)

    /// Last month's figures, then this month's (to today).
    func figures(for request: Request) async throws -> [MonthFigures] {
        let now = request.application.clock.now()
        let today = Day(now)
        let thisMonth = ReportMonths.month(of: today)
        if let kept = self.kept.withLockedValue({ $0 }), kept.month == thisMonth,
            now.timeIntervalSince(kept.madeAt) < Self.lifetime, now >= kept.madeAt
        {
            return kept.figures
        }
        let first = ReportMonths.firstDay(of: thisMonth)!
        let lastFirst = Day(
            year: first.month == 1 ? first.year - 1 : first.year, month: (first.month + 10) % 12 + 1, day: 1)!
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads)
        var figures: [MonthFigures] = []
        for (from, to) in [(lastFirst, first.adding(days: -1)), (first, today)] {
            let query = ReportQuery(
                name: .volume, period: ReportPeriod(from: from, to: to), library: nil, region: nil,
                scope: ReportScope(), libraries: libraries)
            let (facts, _) = try await ReportHistory.facts(for: query, on: request.reads)
            let estimator = try await DeliveryEstimator.load(
                request.application, database: request.fluentReads,
                libraries: Set(facts.flatMap { [$0.borrower] + ($0.supplier.map { [$0] } ?? []) }))
            figures.append(
                MonthFigures(month: ReportMonths.month(of: from), facts: facts) { request in
                    guard let shipped = request.shippedAt, let supplier = request.supplier else { return nil }
                    return estimator.arrival(
                        shippedOn: Day(shipped), by: .courier, from: supplier, to: request.borrower)
                })
        }
        self.kept.withLockedValue { $0 = (now, thisMonth, figures) }
        return figures
    }
}

extension Application {
    private struct TeamDashboardKey: StorageKey {
        typealias Value = TeamDashboard
    }

    /// The team's home-page figures, made at most every five minutes; set by `configure`.
    var teamDashboard: TeamDashboard {
        get { self.storage[TeamDashboardKey.self] ?? TeamDashboard() }
        set { self.storage[TeamDashboardKey.self] = newValue }
    }
}
