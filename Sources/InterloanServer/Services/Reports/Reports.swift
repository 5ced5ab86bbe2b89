import InterloanCore
import SQLKit
import Vapor

/// Makes a report's table for a checked query, from the request history.
enum Reports {
    /// The reports that can be asked for.
    static let available = ReportName.allCases

    /// The report's table, and the closed months among the period's.
    static func table(for query: ReportQuery, on request: Request) async throws -> (ReportTable, [String]) {
        let (facts, closedMonths) = try await ReportHistory.facts(for: query, on: request.reads)
        return (try await self.table(query, facts, on: request), closedMonths)
    }

    private static func table(_ query: ReportQuery, _ facts: [RequestFacts], on request: Request) async throws
        -> ReportTable
    {
        let tallies = ReportTallies(of: facts, context: try await self.context(for: facts, on: request))
        let scope = query.scope
        switch query.name {
        case .volume: return ReportTables.volume(VolumeReport.rows(tallies, scope: scope))
        case .fillRate: return ReportTables.fillRate(FillRateReport.rows(tallies, scope: scope))
        case .turnaround: return ReportTables.turnaround(TurnaroundReport.rows(tallies, scope: scope))
        case .unfilledReasons: return ReportTables.unfilledReasons(UnfilledReasonsReport.rows(tallies, scope: scope))
        case .netLending:
            return ReportTables.netLending(
                NetLendingReport.rows(tallies, scope: scope, targetRatio: request.application.rankingPolicy.targetRatio)
            )
        case .topTitles: return ReportTables.topTitles(TopTitlesReport.rows(tallies, scope: scope))
        case .scorecard: return ReportTables.scorecard(ScorecardReport.rows(tallies, scope: scope))
        case .courier: return ReportTables.courier(CourierReport.rows(tallies, scope: scope))
        }
    }

    /// The directory and courier calendar as they stand now, for tallying `facts`.
    static func context(for facts: [RequestFacts], on request: Request) async throws -> TallyContext {
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads)
        var routes: [String: String] = [:]
        var responseDays: [String: Int] = [:]
        for library in libraries {
            routes[library.symbol] = library.place.courierRoute
            responseDays[library.symbol] = library.responseDays
        }
        let calendar = try await request.application.courierCalendar.working(on: request.fluentReads)
        let expected = try await self.courierArrival(of: facts, on: request)
        return TallyContext(
            route: { [routes] in routes[$0] }, calendar: calendar, expectedArrival: expected,
            responseDays: { [responseDays] in responseDays[$0] ?? 4 })
    }

    /// When each of `facts`' shipments was expected had it gone by courier from its supplier to its borrower, as
    /// the request page reckons it; nil for one not shipped or between libraries the courier never calls at.
    static func courierArrival(of facts: [RequestFacts], on request: Request) async throws
        -> @Sendable (RequestFacts) -> Day?
    {
        let estimator = try await DeliveryEstimator.load(
            request.application, database: request.fluentReads,
            libraries: Set(facts.flatMap { [$0.borrower] + ($0.supplier.map { [$0] } ?? []) }))
        return { facts in
            guard let shipped = facts.shippedAt, let supplier = facts.supplier else { return nil }
            return estimator.arrival(shippedOn: Day(shipped), by: .courier, from: supplier, to: facts.borrower)
        }
    }
}
