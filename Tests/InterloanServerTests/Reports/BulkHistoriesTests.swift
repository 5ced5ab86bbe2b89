import Foundation
import SQLKit
import Testing

@testable import InterloanCore
@testable import InterloanServer

extension DatabaseTests {
    /// The synthetic year the reports' benchmark runs on is one the lifecycle could have written: every step an
    /// allowed transition from where the last left the request, the request in the status of its last event, never
    /// an event after now; and the kept tallies over it equal the tallies folded afresh.
    @Suite struct BulkHistoriesTests {
        @Test func syntheticHistoriesFollowTheTransitionTable() async throws {
            try await withTestApp { context in
                let now = Date(timeIntervalSince1970: 1_796_000_000)
                context.app.clock = .fixed(now)
                try await BulkHistories(app: context.app).insert(count: 600)
                let sql = context.app.reads
                var statuses: [Int: String] = [:]
                for row in try await sql.raw("SELECT id, status FROM requests").all() {
                    statuses[try row.decode(column: "id", as: Int.self)] = try row.decode(
                        column: "status", as: String.self)
                }
                #expect(statuses.count == 600)
                var last: [Int: (at: Date, to: String)] = [:]
                var actions: Set<String> = []
                for row in try await sql.raw(
                    "SELECT request_id, at, action, from_status, to_status FROM request_events ORDER BY request_id, id"
                ).all() {
                    let id = try row.decode(column: "request_id", as: Int.self)
                    let at = try row.decode(column: "at", as: Date.self)
                    let action = try row.decode(column: "action", as: String.self)
                    let from = try row.decode(column: "from_status", as: String?.self)
                    let to = try row.decode(column: "to_status", as: String.self)
                    #expect(at <= now)
                    #expect(from == last[id]?.to, "request \(id): \(action) from where the last event left it")
                    if let previous = last[id] { #expect(previous.at <= at) }
                    if action != "place" {
                        let step = try #require(Action(rawValue: action))
                        let status = try #require(from.flatMap(RequestStatus.init))
                        let row = try #require(TransitionTable.row(for: step, in: status), "\(action) in \(status)")
                        #expect(row.target.possibleStatuses.map(\.rawValue).contains(to), "\(action) to \(to)")
                    }
                    actions.insert(action)
                    last[id] = (at, to)
                }
                #expect(last.mapValues(\.to) == statuses)
                #expect(
                    actions == [
                        "place", "willSupply", "unfilled", "ship", "receive", "returnShip", "checkIn", "cancel",
                    ])

                try await ReportLedger.catchUp(on: context.app)
                let facts = try await ReportHistory.folded(
                    placedFrom: Day(now).adding(days: -400), to: Day(now), serviceType: nil, libraryIDs: nil, on: sql)
                #expect(facts.count == 600)
                let months = Array(Set(facts.map { ReportMonths.month(of: Day($0.placedAt)) }))
                #expect(months.count >= 12, "placed through a year")
                let kept = try await ReportLedger.tallies(
                    months: months, figures: Set(ReportTallies.Figure.allCases), serviceType: nil, consortium: false,
                    on: sql)
                let folded = ReportTallies(
                    of: facts,
                    context: try await Reports.context(libraries: nil, on: context.app, database: context.app.db))
                #expect(kept.counts == folded.counts)
                #expect(kept.titles == folded.titles)
                #expect(kept.durations.keys == folded.durations.keys)
                for (key, tally) in folded.durations {
                    let stored = try #require(kept.durations[key])
                    #expect(stored.hundredths == tally.hundredths && stored.workingDays == tally.workingDays, "\(key)")
                    #expect(abs(stored.totalSeconds - tally.totalSeconds) < 1e-3, "\(key)")
                }
            }
        }
    }
}
