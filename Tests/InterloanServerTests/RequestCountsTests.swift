import Foundation
import SQLKit
import Testing

@testable import InterloanCore
@testable import InterloanServer

extension DatabaseTests {
    /// The work queues' counts per library, side and status (on SQLite the ones the database keeps) always equal a
    /// count of the requests themselves, however the requests moved: placed, passed on, shipped, received, cancelled.
    @Suite struct RequestCountsTests {
        /// Requests per (library, side, status), counted from `requests`.
        static func counted(_ sql: any SQLDatabase) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for (side, column) in [("borrowing", "borrower_id"), ("lending", "current_lender_id")] {
                let rows = try await sql.raw(
                    """
                    SELECT \(ident: column) AS library, status, COUNT(*) AS n FROM requests \
                    WHERE \(ident: column) IS NOT NULL GROUP BY \(ident: column), status
                    """
                ).all()
                for row in rows {
                    let library = try row.decode(column: "library", as: Int.self)
                    counts["\(library) \(side) \(try row.decode(column: "status", as: String.self))"] =
                        try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }

        /// The same, as `RequestCounts` reads them for each library's desks (statuses with no request left out).
        static func read(_ context: TestContext) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for library in try await context.app.libraryDirectory.all(on: context.app.db) {
                let read = try await RequestCounts.read(library: library.id, on: context.app.reads)
                for desk in [WorkQueue.Desk.borrowing, .lending] {
                    for status in RequestStatus.allCases {
                        let queue = WorkQueue(desk, "", "", [status])
                        let count = read.count(of: queue)
                        if count != 0 { counts["\(library.id) \(desk.rawValue) \(status.rawValue)"] = count }
                    }
                }
            }
            return counts
        }

        @Test func keptCountsFollowEveryMove() async throws {
            try await withTestApp { context in
                let sql = context.app.reads
                let shipped = try await context.place()
                try await context.act(shipped, "willSupply", as: "LEN")
                try await context.act(shipped, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-30"}"#)
                try await context.act(shipped, "receive", as: "BOR")
                let passedOn = try await context.place()
                try await context.act(passedOn, "unfilled", as: "LEN", #"{"reason": "NotOnShelf"}"#)
                let cancelled = try await context.place()
                try await context.act(cancelled, "cancel", as: "BOR")
                _ = try await context.place()
                let expected = try await Self.counted(sql)
                #expect(expected.values.reduce(0, +) > 4)
                #expect(try await Self.read(context) == expected)

                let borrower = try #require(
                    try await context.app.libraryDirectory.library(symbol: "BOR", on: context.app.db))
                let counts = try await RequestCounts.read(library: borrower.id, on: sql)
                let sent = try #require(WorkQueue.find(desk: "borrowing", slug: "sent"))
                #expect(counts.count(of: sent) == 2)
                let team = try await RequestCounts.read(library: nil, on: sql)
                let received = try #require(WorkQueue.find(desk: "borrowing", slug: "received"))
                #expect(counts.count(of: received) == 1)
                #expect(team.count(of: WorkQueue.find(desk: "team", slug: "mediation")!) == 0)
            }
        }
    }
}
