import Foundation
import InterloanCore
import NIOConcurrencyHelpers
import Vapor

/// The team's home-page figures: this month against last, made like the reports, and kept for five minutes.
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
        let lastFirst = ReportMonths.previousMonth(before: first)
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads)
        var figures: [MonthFigures] = []
        for (from, to) in [(lastFirst, first.adding(days: -1)), (first, today)] {
            let query = ReportQuery(
                name: .volume, period: ReportPeriod(from: from, to: to), library: nil, region: nil,
                scope: ReportScope(), libraries: libraries)
            let tallies = try await Reports.tallies(
                for: query, figures: [.outcome, .placedToReceived, .courier], on: request)
            figures.append(MonthFigures(month: ReportMonths.month(of: from), tallies: tallies))
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
