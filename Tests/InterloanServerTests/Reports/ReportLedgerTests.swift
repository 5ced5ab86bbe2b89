import Foundation
import SQLKit
import Testing

@testable import InterloanCore
@testable import InterloanServer

extension DatabaseTests {
    /// The report tallies kept in the database, caught up pass by pass as the history grows, always equal the
    /// tallies of every request folded afresh from its history; a closed month's stop moving and its shares go.
    @Suite struct ReportLedgerTests {
        static let months = (1...12).map { "2025-" + ($0 < 10 ? "0\($0)" : "\($0)") }

        /// Every figure the ledger keeps for 2025, library by library or for the whole consortium.
        static func kept(_ context: TestContext, consortium: Bool = false) async throws -> ReportTallies {
            try await ReportLedger.tallies(
                months: Self.months, figures: Set(ReportTallies.Figure.allCases), serviceType: nil,
                consortium: consortium,
                on: context.app.reads)
        }

        /// Every figure of the requests placed in `months`, folded afresh from the history now.
        static func folded(_ context: TestContext, months: [String] = Self.months) async throws -> ReportTallies {
            let facts = try await ReportHistory.folded(
                placedFrom: Day("2025-01-01")!, to: Day("2025-12-31")!, serviceType: nil, libraryIDs: nil,
                on: context.app.reads)
            let tallies = ReportTallies(
                of: facts.filter { months.contains(ReportMonths.month(of: Day($0.placedAt))) },
                context: try await Reports.context(libraries: nil, on: context.app, database: context.app.db))
            return tallies
        }

        @Test func keptTalliesEqualTheHistoryFoldedAfreshAfterEveryPass() async throws {
            try await withTestApp { context in
                try await ReportsTests.makeYear(context)
                let requests = try await context.app.reads.raw("SELECT COUNT(*) AS n FROM requests").first()!
                    .decode(column: "n", as: Int.self)
                #expect(try await ReportLedger.catchUp(on: context.app) == requests)
                #expect(try await Self.kept(context) == Self.folded(context))
                #expect(try await ReportLedger.catchUp(on: context.app) == 0, "nothing new, nothing replaced")

                // Two waiting requests answered, a third passed on and cancelled: only theirs are replaced.
                let waiting = try await context.app.reads.raw(
                    """
                    SELECT r.id, b.symbol FROM requests r JOIN libraries b ON b.id = r.borrower_id \
                    WHERE r.status = 'sentToLender' ORDER BY r.created_at
                    """
                ).all().map {
                    (
                        RequestNumber.encode(try $0.decode(column: "id", as: Int.self)),
                        try $0.decode(column: "symbol", as: String.self)
                    )
                }
                try #require(waiting.count >= 3)
                try await context.act(waiting[0].0, "willSupply", as: "LEN")
                try await context.act(
                    waiting[0].0, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-01-30"}"#)
                try await context.act(waiting[1].0, "unfilled", as: "LEN", #"{"reason": "NotHeld"}"#)
                try await context.act(waiting[2].0, "cancel", as: waiting[2].1)
                #expect(try await ReportLedger.catchUp(on: context.app) == 3)
                #expect(try await Self.kept(context) == Self.folded(context))
                let consortium = try await Self.kept(context, consortium: true)
                #expect(consortium == (try await Self.folded(context).forTheConsortium()))
                #expect(Set(consortium.counts.keys.map(\.library)) == [ReportTallies.consortiumLibrary])
                let shares = try await context.app.reads.raw("SELECT COUNT(*) AS n FROM report_shares").first()!
                    .decode(column: "n", as: Int.self)
                #expect(shares == requests)
            }
        }
    }
}
