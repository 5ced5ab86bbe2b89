import InterloanCore
import SQLKit

/// Makes a report's table for a checked query, from the request history.
enum Reports {
    /// The reports that can be asked for now.
    static let available: [ReportName] = [
        .volume, .fillRate, .turnaround, .netLending, .unfilledReasons, .topTitles,
    ]

    /// Nil for a report not made yet.
    static func table(
        for query: ReportQuery, targetRatio: Double, on sql: any SQLDatabase
    ) async throws -> ReportTable? {
        let facts = try await ReportHistory.facts(for: query, on: sql)
        switch query.name {
        case .volume:
            return ReportTables.volume(VolumeReport.rows(facts, scope: query.scope))
        case .fillRate:
            return ReportTables.fillRate(FillRateReport.rows(facts, scope: query.scope))
        case .turnaround:
            var routes: [String: String] = [:]
            for library in query.libraries { routes[library.symbol] = library.place.courierRoute }
            let calendar = WorkingCalendar(
                holidays: StandardHolidays.days(from: query.period.from.year - 1, through: query.period.to.year + 1))
            return ReportTables.turnaround(
                TurnaroundReport.rows(facts, scope: query.scope, routes: routes, calendar: calendar))
        case .unfilledReasons:
            return ReportTables.unfilledReasons(UnfilledReasonsReport.rows(facts, scope: query.scope))
        case .netLending:
            return ReportTables.netLending(
                NetLendingReport.rows(facts, scope: query.scope, targetRatio: targetRatio))
        case .topTitles:
            return ReportTables.topTitles(TopTitlesReport.rows(facts, scope: query.scope))
        case .scorecard, .courier:
            return nil
        }
    }
}
