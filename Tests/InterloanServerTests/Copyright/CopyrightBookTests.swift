import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The copyright ledger as staff meet it: copies counted when placed, the sixth of a title waiting in
    /// "Copyright review" with its three ways on, the yearly report, and entries kept for three full years.
    @Suite struct CopyrightBookTests {
        static func copy(
            issn: String? = "0028-0836", eissn: String? = nil, journal: String? = "Nature", published: String = "2025",
            terms: String? = nil, lenders: String = #"["LEN"]"#
        ) -> String {
            var fields = [
                #""title": "An article""#, #""serviceType": "copy""#, #""articleTitle": "On brine""#,
                #""publicationDate": "\#(published)""#, #""lenders": \#(lenders)"#,
            ]
            if let issn { fields.append(#""issn": "\#(issn)""#) }
            if let eissn { fields.append(#""eissn": "\#(eissn)""#) }
            if let journal { fields.append(#""journalTitle": "\#(journal)""#) }
            if let terms { fields.append(#""copyrightCompliance": "\#(terms)""#) }
            return "{" + fields.joined(separator: ", ") + "}"
        }

        static func status(_ context: TestContext, _ id: String) async throws -> String? {
            (try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR").body as? [String: Any])?["status"]
                as? String
        }

        static func report(_ context: TestContext, as party: String = "BOR") async throws -> [String: Any] {
            let (status, body) = try await context.call(.GET, "/api/v1/libraries/BOR/copyright?year=2026", as: party)
            #expect(status == .ok)
            return body as? [String: Any] ?? [:]
        }

        @Test func theSixthCopyOfATitleWaitsForReviewAndAFeeLetsItGoOn() async throws {
            try await withTestApp { context in
                for _ in 0..<5 {
                    let id = try await context.place(Self.copy())
                    #expect(try await Self.status(context, id) == "sentToLender")
                }
                let sixth = try await context.place(Self.copy(issn: nil, eissn: nil, journal: "nature."))
                #expect(try await Self.status(context, sixth) == "copyrightReview", "the title meets by its name")
                let placed = try await context.call(.GET, "/api/v1/requests/\(sixth)", as: "BOR")
                #expect((placed.body as? [String: Any])?["copyrightCompliance"] as? String == "US-CCG")
                let queue = try await context.call(.GET, "/api/v1/requests?status=copyrightReview", as: "BOR")
                #expect(((queue.body as? [String: Any])?["items"] as? [[String: Any]])?.count == 1)

                try await context.act(
                    sixth, "payCopyrightFee", as: "BOR", #"{"feeAmount": "twelve"}"#, expect: .unprocessableEntity)
                #expect(try await Self.status(context, sixth) == "copyrightReview", "a refused fee changes nothing")
                let paid = try await context.act(sixth, "payCopyrightFee", as: "BOR", #"{"feeAmount": "12.50"}"#)
                #expect(paid["status"] as? String == "sentToLender")
                #expect(paid["copyrightCompliance"] as? String == "US-CCL")
                try await context.act(sixth, "payCopyrightFee", as: "LEN", #"{"feeAmount": "1"}"#, expect: .conflict)

                let report = try await Self.report(context)
                let titles = try #require(report["titles"] as? [[String: Any]])
                #expect(titles.count == 1)
                #expect(titles.first?["counted"] as? Int == 5)
                #expect(titles.first?["atLimit"] as? Bool == true)
                #expect(titles.first?["feesPaid"] as? Int == 1)
                #expect(report["feeCents"] as? Int == 1250)
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let page = try await staff.get("/settings/copyright?year=2026")
                #expect(page.status == .ok)
                #expect(page.html.contains("<td>Nature</td><td>0028-0836 </td><td>5</td><td>Yes</td>"))
                #expect(page.html.contains("Fees paid in 2026: $12.50."))
                #expect(try await staff.get("/settings/copyright?year=1999").status == .unprocessableEntity)
                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                let teamPage = try await team.get("/settings/copyright?library=bor&year=2026")
                #expect(teamPage.html.contains("Copyright records of BOR Library (BOR), 2026"))
                #expect(teamPage.html.contains("Fees paid in 2026: $12.50."))
                let chooser = try await team.get("/settings/copyright?year=2026")
                #expect(chooser.status == .ok)
                #expect(chooser.html.contains(#"<option value="BOR" selected>BOR Library (BOR)</option>"#))
                #expect(try await team.get("/settings/copyright?library=NOPE").status == .notFound)
                #expect(
                    try await staff.get("/settings/copyright?library=LEN").html.contains("(BOR)"),
                    "staff see their own library whatever they name")
                let (other, _) = try await context.call(.GET, "/api/v1/libraries/BOR/copyright", as: "LEN")
                #expect(other == .forbidden, "another library's records are not LEN's to read")
            }
        }

        @Test func obtainingElsewhereOrCancellingEndsTheCopyUncounted() async throws {
            try await withTestApp { context in
                for _ in 0..<5 { _ = try await context.place(Self.copy()) }
                let elsewhere = try await context.place(Self.copy())
                let ended = try await context.act(
                    elsewhere, "obtainElsewhere", as: "BOR", #"{"note": "bought from the publisher"}"#)
                #expect(ended["status"] as? String == "cancelled")
                let cancelled = try await context.place(Self.copy())
                #expect(try await Self.status(context, cancelled) == "copyrightReview", "a withdrawn copy never counts")
                try await context.act(cancelled, "cancel", as: "TEAM", #"{"reason": "not needed"}"#)
                let titles = try #require(try await Self.report(context, as: "TEAM")["titles"] as? [[String: Any]])
                #expect(titles.first?["withdrawn"] as? Int == 2)
                #expect(titles.first?["counted"] as? Int == 5)
            }
        }

        @Test func oldArticlesOtherTermsAndOtherYearsAreNotCountedAgainstTheLimit() async throws {
            try await withTestApp { context in
                for _ in 0..<5 { _ = try await context.place(Self.copy()) }
                let old = try await context.place(Self.copy(published: "2020-06"))
                #expect(try await Self.status(context, old) == "sentToLender")
                let licensed = try await context.place(Self.copy(terms: "US-CCL"))
                #expect(try await Self.status(context, licensed) == "sentToLender")
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests", as: "BOR", json: Self.copy(terms: "other"))
                #expect(status == .unprocessableEntity)
                #expect(String(describing: body).contains("copyrightNote"))
                let electronic = try await context.place(Self.copy(issn: "1476-4687", journal: nil))
                #expect(
                    try await Self.status(context, electronic) == "sentToLender",
                    "an electronic ISSN no entry carried is another title")
                context.app.clock = .fixed(testNow.addingTimeInterval(40 * 86_400))
                let nextYear = try await context.place(Self.copy())
                #expect(try await Self.status(context, nextYear) == "sentToLender", "a new calendar year")
                let (loan, loanBody) = try await context.call(
                    .POST, "/api/v1/requests", as: "BOR",
                    json: #"{"title": "A loan", "copyrightCompliance": "US-CCG", "lenders": ["LEN"]}"#)
                #expect(loan == .unprocessableEntity)
                #expect(String(describing: loanBody).contains("copyrightCompliance"))
            }
        }

        @Test func copiesPlacedAtOnceNeverCountPastTheLimit() async throws {
            try await withTestApp { context in
                let statuses = try await withThrowingTaskGroup(of: String?.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            let (_, body) = try await context.call(
                                .POST, "/api/v1/requests", as: "BOR", json: Self.copy())
                            return (body as? [String: Any])?["status"] as? String
                        }
                    }
                    return try await group.reduce(into: [String?]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == "sentToLender" }.count == 5)
                #expect(statuses.filter { $0 == "copyrightReview" }.count == 3)
                let counted = try await context.app.reads.select().column("id").from(CopyrightEntryRecord.table)
                    .where("decision", .equal, "counted").all().count
                #expect(counted == 5)
            }
        }

        @Test func withoutRulesNothingIsCounted() async throws {
            try await withTestApp { context in
                context.app.copyrightRules = nil
                for _ in 0..<7 { _ = try await context.place(Self.copy()) }
                let rows = try await context.app.reads.select().column("id").from(CopyrightEntryRecord.table).all()
                #expect(rows.isEmpty)
            }
        }

        @Test func entriesAreKeptUntilTheEndOfTheThirdFullYearAfter() async throws {
            try await withTestApp { context in
                _ = try await context.place(Self.copy())
                let endOf2029 = try #require(Day("2029-12-31")).date
                #expect(
                    try await ScheduledJobs.runOnce(asOf: endOf2029, on: context.app).changed(by: "copyright-ledger")
                        == 0)
                let startOf2030 = try #require(Day("2030-01-01")).date.addingTimeInterval(3600)
                #expect(
                    try await ScheduledJobs.runOnce(asOf: startOf2030, on: context.app).changed(by: "copyright-ledger")
                        == 1)
            }
        }
    }
}
