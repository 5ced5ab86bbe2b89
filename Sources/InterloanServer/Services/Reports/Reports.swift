import Fluent
import InterloanCore
import SQLKit
import Vapor

/// Makes a report's table for a checked query, from the request history.
enum Reports {
    /// The reports that can be asked for.
    static let available = ReportName.allCases

    /// The report's table, and the closed months among the period's.
    static func table(for query: ReportQuery, on request: Request) async throws -> (ReportTable, [String]) {
        let tallies = try await self.tallies(for: query, figures: query.name.figures, on: request)
        let closed = try await ReportMonths.closed(from: query.period.from, to: query.period.to, on: request.reads)
        return (try self.table(query, tallies, on: request), closed)
    }

    /// The tallies of `figures` for the query's period: its whole months as the ledger keeps them (brought up to
    /// the latest event first), the days left over at either end folded from their history.
    static func tallies(
        for query: ReportQuery, figures: Set<ReportTallies.Figure>, on request: Request
    ) async throws -> ReportTallies {
        try await ReportLedger.catchUp(on: request.application)
        var (months, leftOver) = query.period.wholeMonths
        // A part of a month in which every request of the month was placed (this month up to today) is the month.
        for (index, period) in leftOver.enumerated().reversed()
        where try await !ReportHistory.anyPlaced(inMonthOf: period, on: request.reads) {
            months.append(ReportMonths.month(of: period.from))
            leftOver.remove(at: index)
        }
        var tallies = try await ReportLedger.tallies(
            months: months, figures: figures, serviceType: query.scope.serviceType,
            consortium: query.scope.libraries == nil && query.name.mergesLibraries, on: request.reads)
        for period in leftOver {
            let part = ReportQuery(
                name: query.name, period: period, library: query.library, region: query.region, scope: query.scope,
                libraries: query.libraries)
            let (facts, _) = try await ReportHistory.facts(for: part, on: request.reads)
            tallies.add(ReportTallies(of: facts, context: try await self.context(for: facts, on: request)))
        }
        return tallies
    }

    private static func table(_ query: ReportQuery, _ tallies: ReportTallies, on request: Request) throws
        -> ReportTable
    {
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
        try await self.context(
            libraries: Set(facts.flatMap { [$0.borrower] + ($0.supplier.map { [$0] } ?? []) }),
            on: request.application, database: request.fluentReads)
    }

    /// The directory and courier calendar as they stand now, for tallying requests between `libraries` (their
    /// borrowers and suppliers; nil for every library of the directory).
    static func context(
        libraries symbols: Set<String>?, on application: Application, database: any Database
    ) async throws -> TallyContext {
        let libraries = try await application.libraryDirectory.all(on: database)
        var routes: [String: String] = [:]
        var responseDays: [String: Int] = [:]
        for library in libraries {
            routes[library.symbol] = library.place.courierRoute
            responseDays[library.symbol] = library.responseDays
        }
        let calendar = try await application.courierCalendar.working(on: database)
        let estimator = try await DeliveryEstimator.load(
            application, database: database, libraries: symbols ?? Set(libraries.map(\.symbol)))
        // When a shipment was expected had it gone by courier from its supplier to its borrower, as the request
        // page reckons it; nil for one not shipped or between libraries the courier never calls at.
        let expected: @Sendable (RequestFacts) -> Day? = { facts in
            guard let shipped = facts.shippedAt, let supplier = facts.supplier else { return nil }
            return estimator.arrival(shippedOn: Day(shipped), by: .courier, from: supplier, to: facts.borrower)
        }
        return TallyContext(
            route: { [routes] in routes[$0] }, calendar: calendar, expectedArrival: expected,
            responseDays: { [responseDays] in responseDays[$0] ?? 4 })
    }
}
