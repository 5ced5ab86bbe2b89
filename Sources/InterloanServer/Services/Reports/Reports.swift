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
        let scope = query.scope
        var routes: [String: String] = [:]
        for library in query.libraries { routes[library.symbol] = library.place.courierRoute }
        switch query.name {
        case .volume:
            return ReportTables.volume(VolumeReport.rows(facts, scope: scope))
        case .fillRate:
            return ReportTables.fillRate(FillRateReport.rows(facts, scope: scope))
        case .turnaround:
            let calendar = try await request.application.courierCalendar.working(on: request.fluentReads)
            return ReportTables.turnaround(
                TurnaroundReport.rows(facts, scope: scope, routes: routes, calendar: calendar))
        case .unfilledReasons:
            return ReportTables.unfilledReasons(UnfilledReasonsReport.rows(facts, scope: scope))
        case .netLending:
            return ReportTables.netLending(
                NetLendingReport.rows(
                    facts, scope: scope, targetRatio: request.application.rankingPolicy.targetRatio))
        case .topTitles:
            return ReportTables.topTitles(TopTitlesReport.rows(facts, scope: scope))
        case .scorecard:
            let calendar = try await request.application.courierCalendar.working(on: request.fluentReads)
            var responseDays: [String: Int] = [:]
            for library in query.libraries { responseDays[library.symbol] = library.responseDays }
            return ReportTables.scorecard(
                ScorecardReport.rows(facts, scope: scope, responseDays: responseDays, calendar: calendar))
        case .courier:
            let expected = try await self.courierArrival(of: facts, on: request)
            return ReportTables.courier(CourierReport.rows(facts, scope: scope, routes: routes, expected: expected))
        }
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
