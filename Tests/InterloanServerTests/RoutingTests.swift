import Foundation
import InterloanCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Finding a lender through the API: the availability registry, ranked candidates, automatic lender strings, the
    /// last-resort list and the no-answer rule, with a fixed clock (testNow is Monday 2026-11-30, 12:00 UTC).
    @Suite struct RoutingTests {
        static let isbn = "978-0-19-852663-6"

        /// Loads holdings of the Salt Atlas: `copies` records per library symbol (library ids follow TestApp's order).
        func hold(_ copies: [String: Int], on context: TestContext, lendable: Bool = true) async throws {
            let ids = ["BOR": 1, "LEN": 2, "LEN2": 3, "OTH": 4, "PART": 5]
            for (symbol, count) in copies {
                var csv = "title,author,isbn,issn,oclc,call_number,lendable\n"
                for copy in 1...count {
                    csv +=
                        "The Salt Atlas,\"Fairweather, Ann\",\(Self.isbn),,,912 FAI c.\(copy),\(lendable ? "yes" : "no")\n"
                }
                let file = try HoldingsImport.read(Array(csv.utf8), fileName: "\(symbol).csv")
                _ = try await HoldingsImport.store(
                    file, libraryID: ids[symbol]!, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
            }
        }

        func candidates(_ id: String, on context: TestContext, as party: String = "BOR") async throws -> [[String: Any]]
        {
            let (status, body) = try await context.call(.GET, "/api/v1/requests/\(id)/candidates", as: party)
            #expect(status == .ok, "\(String(describing: body))")
            return body as? [[String: Any]] ?? []
        }

        func request(_ id: String, on context: TestContext) async throws -> [String: Any] {
            try await context.call(.GET, "/api/v1/requests/\(id)", as: "TEAM").body as? [String: Any] ?? [:]
        }

        func declare(_ symbol: String, _ json: String, as party: String, on context: TestContext)
            async throws -> (HTTPResponseStatus, [String: Any])
        {
            let (status, body) = try await context.call(
                .PUT, "/api/v1/libraries/\(symbol)/availability", as: party, json: json)
            return (status, body as? [String: Any] ?? [:])
        }

        @Test func aLibraryDeclaresItsLendingAndTheDirectoryShowsIt() async throws {
            try await withTestApp { context in
                let (status, body) = try await self.declare(
                    "LEN",
                    #"{"lending": "paused", "reason": "Inventory week", "from": "2026-11-30", "until": "2026-12-04"}"#,
                    as: "LEN", on: context)
                #expect(status == .ok, "\(body)")
                let current = body["current"] as? [String: Any]
                #expect(current?["lending"] as? String == "paused")
                #expect(current?["until"] as? String == "2026-12-04")

                let (_, directory) = try await context.call(.GET, "/api/v1/libraries")
                let entry = (directory as? [[String: Any]])?.first { $0["symbol"] as? String == "LEN" }
                let availability = entry?["availability"] as? [String: Any]
                #expect(availability?["lending"] as? String == "paused")
                #expect(availability?["reason"] as? String == "Inventory week")

                // The team declares for anyone; the newest declaration wins and the history keeps both.
                let (teamStatus, _) = try await self.declare("LEN", #"{"lending": "all"}"#, as: "TEAM", on: context)
                #expect(teamStatus == .ok)
                let (_, shown) = try await context.call(.GET, "/api/v1/libraries/LEN/availability")
                let record = shown as? [String: Any]
                #expect((record?["current"] as? [String: Any])?["lending"] as? String == "all")
                let history = record?["history"] as? [[String: Any]] ?? []
                #expect(history.map { $0["lending"] as? String } == ["all", "paused"])
                #expect(history.last?["declaredBy"] as? String == "LEN desk")
            }
        }

        @Test func badDeclarationsAreRefusedAndChangeNothing() async throws {
            try await withTestApp { context in
                let (backwards, body) = try await self.declare(
                    "LEN", #"{"lending": "closed", "reason": "Move", "from": "2026-12-10", "until": "2026-12-01"}"#,
                    as: "LEN", on: context)
                #expect(backwards == .unprocessableEntity)
                #expect((body["fields"] as? [[String: Any]])?.first?["field"] as? String == "until")
                let (unknown, unknownBody) = try await self.declare(
                    "LEN", #"{"lending": "sometimes"}"#, as: "LEN", on: context)
                #expect(unknown == .unprocessableEntity)
                #expect("\(unknownBody)".contains("sometimes"))
                let (badDate, _) = try await self.declare(
                    "LEN", #"{"lending": "paused", "reason": "x", "from": "30/11/2026"}"#, as: "LEN", on: context)
                #expect(badDate == .unprocessableEntity)
                let (foreign, _) = try await self.declare(
                    "LEN", #"{"lending": "closed", "reason": "x"}"#, as: "BOR", on: context)
                #expect(foreign == .forbidden)
                let (anonymous, _) = try await context.call(
                    .PUT, "/api/v1/libraries/LEN/availability", json: #"{"lending": "closed", "reason": "x"}"#)
                #expect(anonymous == .unauthorized)
                let (_, shown) = try await context.call(.GET, "/api/v1/libraries/LEN/availability")
                #expect(((shown as? [String: Any])?["history"] as? [Any])?.isEmpty == true)
            }
        }

        @Test func aRequestWithoutLendersGetsTheRankedStringAndGoesToTheFirst() async throws {
            try await withTestApp { context in
                try await self.hold(["BOR": 1, "LEN": 1, "LEN2": 2, "OTH": 1], on: context)
                _ = try await self.declare(
                    "OTH", #"{"lending": "copiesOnly", "reason": "Short staffed"}"#, as: "OTH", on: context)
                let id = try await context.place(#"{"title": "Salt atlas", "isbn": "0198526636"}"#)
                let placed = try await self.request(id, on: context)
                #expect(placed["status"] as? String == "sentToLender")
                let lenders = (placed["lenders"] as? [[String: Any]])?.compactMap { $0["symbol"] as? String }
                // LEN2 holds two copies and otherwise equals LEN; OTH lends copies only; BOR never lends to itself.
                #expect(lenders == ["LEN2", "LEN"])
                #expect(placed["currentLender"] as? String == "LEN2")
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                let first = (history as? [[String: Any]])?.first?["details"] as? [String: Any]
                #expect(first?["routing"] as? String == "automatic")

                // The candidates now leave out the lender already asked, and explain themselves.
                let next = try await self.candidates(id, on: context)
                #expect(next.map { $0["symbol"] as? String } == ["LEN"])
                let reasons = next.first?["reasons"] as? [String] ?? []
                #expect(reasons.contains("holds 1 copy"))
                #expect(reasons.contains("same courier route"))
                #expect((next.first?["score"] as? Double ?? 0) > 0)

                // A lender does not see the borrower's other options.
                let (lenderView, _) = try await context.call(.GET, "/api/v1/requests/\(id)/candidates", as: "LEN2")
                #expect(lenderView == .forbidden)
            }
        }

        @Test func withoutHoldersTheRequestWaitsForTheTeamAndLastResortLendersCloseStrings() async throws {
            try await withTestApp { context in
                let lonely = try await context.place(#"{"title": "An unheld book"}"#)
                #expect(try await self.request(lonely, on: context)["status"] as? String == "needsLender")

                let (unknown, body) = try await context.call(
                    .PUT, "/api/v1/routing/last-resort", as: "TEAM", json: #"{"lenders": ["PART", "NOPE"]}"#)
                #expect(unknown == .unprocessableEntity)
                #expect("\(String(describing: body))".contains("NOPE"))
                let (staff, _) = try await context.call(
                    .PUT, "/api/v1/routing/last-resort", as: "BOR", json: #"{"lenders": ["PART"]}"#)
                #expect(staff == .forbidden)
                let (set, _) = try await context.call(
                    .PUT, "/api/v1/routing/last-resort", as: "TEAM", json: #"{"lenders": ["PART", "LEN"]}"#)
                #expect(set == .ok)

                try await self.hold(["LEN": 1, "LEN2": 1], on: context)
                let id = try await context.place(#"{"title": "The Salt Atlas", "isbn": "9780198526636"}"#)
                let lenders = (try await self.request(id, on: context)["lenders"] as? [[String: Any]])?
                    .compactMap { $0["symbol"] as? String }
                // LEN holds it but is a last-resort lender, so it waits at the end with PART.
                #expect(lenders == ["LEN2", "PART", "LEN"])
            }
        }

        @Test func reasonsComeFromTheLendingHistory() async throws {
            try await withTestApp { context in
                try await self.hold(["BOR": 1, "LEN2": 1], on: context)
                let id = try await context.place(#"{"title": "The Salt Atlas", "lenders": ["LEN2"]}"#)
                context.app.clock = .fixed(testNow.addingTimeInterval(1.5 * 86_400))
                try await context.act(id, "willSupply", as: "LEN2")
                context.app.clock = .fixed(testNow.addingTimeInterval(3 * 86_400))
                try await context.act(id, "ship", as: "LEN2", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests", as: "TEAM",
                    json: #"{"title": "The Salt Atlas", "isbn": "9780198526636", "borrower": "OTH"}"#)
                #expect(status == .created)
                let other = try #require((body as? [String: Any])?["id"] as? String)
                let (_, listed) = try await context.call(.GET, "/api/v1/requests/\(other)/candidates", as: "TEAM")
                let candidates = listed as? [[String: Any]] ?? []
                let lender = candidates.first { $0["symbol"] as? String == "LEN2" }?["reasons"] as? [String]
                #expect(
                    lender == [
                        "holds 1 copy", "lent 1 and borrowed none", "fills 100% of requests (1 of 1)",
                        "answers in 1.5 days on average", "same courier route",
                    ])
                // BOR borrows more than it lends, so the automatic string asked it first despite LEN2's record;
                // the candidates left are the libraries not asked yet.
                #expect((body as? [String: Any])?["currentLender"] as? String == "BOR")
                #expect(candidates.map { $0["symbol"] as? String } == ["LEN2"])
            }
        }

        @Test func titleAndAuthorFindHoldersWhenNoIdentifierMatches() async throws {
            try await withTestApp { context in
                try await self.hold(["LEN": 1], on: context)
                let id = try await context.place(#"{"title": "The salt atlas", "author": "Fairweather, A."}"#)
                #expect(try await self.request(id, on: context)["currentLender"] as? String == "LEN")
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                #expect(
                    ((history as? [[String: Any]])?.first?["details"] as? [String: Any])?["lenders"] as? String == "LEN"
                )
            }
        }

        @Test func aLenderThatDoesNotAnswerInFourWorkingDaysIsPassedOver() async throws {
            try await withTestApp { context in
                let id = try await context.place()  // LEN, then LEN2, asked Monday 2026-11-30 at noon.
                let fridayNight = try Date("2026-12-04T23:59:59Z", strategy: .iso8601)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: fridayNight, on: context.app).changed(by: "lender-no-answer")
                        == 0)
                let saturday = try Date("2026-12-05T00:00:00Z", strategy: .iso8601)
                context.app.clock = .fixed(saturday)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: saturday, on: context.app).changed(by: "lender-no-answer")
                        == 1)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: saturday, on: context.app).changed(by: "lender-no-answer")
                        == 0)
                let moved = try await self.request(id, on: context)
                #expect(moved["currentLender"] as? String == "LEN2")
                let attempts = moved["lenders"] as? [[String: Any]] ?? []
                #expect(attempts.first?["outcome"] as? String == "noAnswer")

                // LEN2 was asked on Saturday: its four working days run Monday to Thursday.
                let late = try Date("2026-12-11T00:00:00Z", strategy: .iso8601)
                context.app.clock = .fixed(late)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: late, on: context.app).changed(by: "lender-no-answer") == 1)
                let exhausted = try await self.request(id, on: context)
                #expect(exhausted["status"] as? String == "needsLender")
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "TEAM")
                let last = (history as? [[String: Any]])?.last
                #expect(last?["action"] as? String == "noAnswer")
                #expect(last?["actor"] as? String == "Interloan")
                #expect(
                    (last?["details"] as? [String: Any])?["note"] as? String
                        == "No answer from LEN2 within 4 working days (asked 2026-12-05, last day 2026-12-10)")
            }
        }

        @Test func thanksgivingDoesNotCountAsAWorkingDay() async throws {
            try await withTestApp { context in
                context.app.clock = .fixed(try Date("2026-11-25T10:00:00Z", strategy: .iso8601))
                let id = try await context.place()
                // Without the holiday the last day would be Tuesday 1 December; with it, Wednesday the 2nd.
                let wednesday = try Date("2026-12-02T12:00:00Z", strategy: .iso8601)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: wednesday, on: context.app).changed(by: "lender-no-answer")
                        == 0)
                let thursday = try Date("2026-12-03T00:00:00Z", strategy: .iso8601)
                context.app.clock = .fixed(thursday)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: thursday, on: context.app).changed(by: "lender-no-answer")
                        == 1)
                #expect(try await self.request(id, on: context)["currentLender"] as? String == "LEN2")
            }
        }

        @Test func theBorrowerEditsItsOwnStringButNotAnotherLibrarys() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                let routed = try await context.act(id, "route", as: "BOR", #"{"lenders": ["OTH"]}"#)
                #expect(routed["currentLender"] as? String == "OTH")
                try await context.act(id, "route", as: "LEN2", #"{"lenders": ["LEN"]}"#, expect: .notFound)
                try await context.act(id, "route", as: "BOR", #"{"lenders": ["ZZZ"]}"#, expect: .unprocessableEntity)
            }
        }
    }
}
