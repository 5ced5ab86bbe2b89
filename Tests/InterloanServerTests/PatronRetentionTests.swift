import Fluent
import Foundation
import InterloanCore
import NCIP
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Who a request was for goes a while after it ends (the library's days when it chose fewer than the
    /// consortium's), from the request and from what its NCIP calls carried; the request and its history stay.
    @Suite struct PatronRetentionTests {
        static func days(_ days: Double) -> Date { testNow.addingTimeInterval(days * 86_400) }

        static func place(_ title: String, as party: String, in context: TestContext) async throws -> String {
            let json = """
                {"title": "\(title)", "lenders": ["LEN"], "openurl": "rft.btitle=\(title)&sid=Catalogue",
                 "patron": {"id": "P-\(title)", "name": "Wren Hollis", "email": "wren@example.org"}}
                """
            let (status, body) = try await context.call(.POST, "/api/v1/requests", as: party, json: json)
            #expect(status == .created)
            return try #require((body as? [String: Any])?["id"] as? String)
        }

        static func request(_ id: String, as party: String, in context: TestContext) async throws -> [String: Any] {
            try #require(try await context.call(.GET, "/api/v1/requests/\(id)", as: party).body as? [String: Any])
        }

        /// Gives the request two NCIP calls whose messages name the patron, as a lookup and an accept leave them.
        static func addCalls(to id: String, in context: TestContext) async throws {
            let requestID = try #require(RequestNumber.decode(id))
            let library = try #require(
                try await context.app.libraryDirectory.library(symbol: "BOR", on: context.app.db))
            try await context.app.writes.write { sql in
                for service in [NCIPService.lookupUser, .acceptItem] {
                    var call = ILSOutboxTests.call(service, request: requestID, library: library.id, patron: "P-\(id)")
                    call.state = .problem
                    call.sent = "<UserIdentifierValue>P-\(id)</UserIdentifierValue>"
                    call.received = "<Problem>User Wren Hollis is blocked</Problem>"
                    call.problem = "User Wren Hollis is blocked"
                    try await sql.insert(into: ILSCallRecord.table).row(call).run()
                }
            }
        }

        static func purge(asOf date: Date, in context: TestContext) async throws -> Int {
            let report = try await context.app.retention.purge(asOf: date, on: context.app)
            return try #require(report.first { $0.rule == "patron-identities" }?.count)
        }

        @Test func aRequestForgetsItsPatronAfterItEndsAndTheLibrarysDays() async throws {
            try await withTestApp { context in
                let ended = try await Self.place("Ended", as: "BOR", in: context)
                let open = try await Self.place("Open", as: "BOR", in: context)
                let elsewhere = try await Self.place("Elsewhere", as: "OTH", in: context)
                try await Self.addCalls(to: ended, in: context)
                try await Self.addCalls(to: open, in: context)
                try await context.act(ended, "cancel", as: "BOR")
                try await context.act(elsewhere, "cancel", as: "OTH")
                let historyBefore = try await context.call(.GET, "/api/v1/requests/\(ended)/history", as: "BOR").body

                #expect(try await Self.purge(asOf: Self.days(89), in: context) == 0, "the consortium keeps 90 days")

                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let saved = try await web.post(
                    "/settings",
                    [
                        "contactEmail": "ill@bor.example.org", "loanDays": "28", "renewalsAllowed": "true",
                        "maxRenewals": "2", "responseDays": "4", "patronRetentionDays": "30",
                    ], tokenFrom: "/settings")
                #expect(saved.status == .seeOther)
                // BOR's ended request and its two calls; the open one and OTH's (90 days) keep their patron.
                #expect(try await Self.purge(asOf: Self.days(31), in: context) == 3)

                let cleared = try await Self.request(ended, as: "BOR", in: context)
                #expect((cleared["patron"] as? [String: Any])?.isEmpty == true, "no id, name or email left")
                #expect(cleared["openurl"] == nil)
                #expect(cleared["title"] as? String == "Ended")
                #expect(cleared["status"] as? String == "cancelled")
                let historyAfter = try await context.call(.GET, "/api/v1/requests/\(ended)/history", as: "BOR").body
                #expect((historyAfter as? [Any])?.count == (historyBefore as? [Any])?.count)
                #expect(
                    (try await Self.request(open, as: "BOR", in: context)["patron"] as? [String: Any])?["id"] as? String
                        == "P-Open")
                #expect(try await Self.request(elsewhere, as: "OTH", in: context)["openurl"] as? String != nil)

                let calls = try await ILSOutboxTests.calls(context)
                let endedID = try #require(RequestNumber.decode(ended))
                for call in calls {
                    let isEnded = call.requestID == endedID
                    #expect((call.sent == nil) == isEnded)
                    #expect((call.received == nil) == isEnded)
                    #expect((call.problem == nil) == isEnded)
                    #expect((call.patronID == nil) == isEnded)
                    #expect(call.state == .problem, "what was done stays")
                }

                #expect(try await Self.purge(asOf: Self.days(91), in: context) == 1, "OTH's, after the consortium's 90")
                #expect(
                    try await Self.purge(asOf: Self.days(400), in: context) == 0, "an open request keeps its patron")
            }
        }

        @Test func aLibraryMayChooseFewerDaysButNotMore() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                for value in ["91", "0", "-3", "ninety", "99999"] {
                    let refused = try await web.post(
                        "/settings",
                        [
                            "contactEmail": "ill@bor.example.org", "loanDays": "28", "renewalsAllowed": "true",
                            "maxRenewals": "2", "responseDays": "4", "patronRetentionDays": value,
                        ], tokenFrom: "/settings")
                    #expect(refused.status == .unprocessableEntity)
                    #expect(refused.html.contains("must be a number of days from 1 to 90, or empty for the consortium"))
                }
                let library = try await LibraryModel.query(on: context.app.db).filter(\.$symbol == "BOR").first()
                #expect(library?.patronRetentionDays == nil)
            }
        }
    }
}
