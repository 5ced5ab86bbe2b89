import Foundation
import InterloanCore
import SQLKit
import Testing

@testable import InterloanServer

extension DatabaseTests {
    /// The counts the database keeps per library, side and status always equal a count of the requests themselves,
    /// however the requests moved: placed, passed to the next lender, shipped, received, cancelled.
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

        /// The same, from the kept counts (rows that came back to zero left out).
        static func kept(_ sql: any SQLDatabase) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            let rows = try await sql.raw(
                """
                SELECT library_id, side, status, CAST(SUM(count) AS BIGINT) AS n FROM request_counts \
                GROUP BY library_id, side, status
                """
            ).all()
            for row in rows where try row.decode(column: "n", as: Int.self) != 0 {
                let key =
                    "\(try row.decode(column: "library_id", as: Int.self)) \(try row.decode(column: "side", as: String.self)) "
                    + (try row.decode(column: "status", as: String.self))
                counts[key] = try row.decode(column: "n", as: Int.self)
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
                #expect(try await Self.kept(sql) == expected)

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
