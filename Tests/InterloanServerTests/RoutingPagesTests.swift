import Foundation
import InterloanCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Finding a lender in the web application: availability on a library's page and on "Who is lending now", and the
    /// candidates with their reasons on the request page.
    @Suite struct RoutingPagesTests {
        @Test func staffDeclareTheirLendingAndEveryoneSeesItOnWhoIsLending() async throws {
            try await withTestApp { context in
                var len = WebClient(context)
                try await len.signIn("staff@len.example.org")
                let own = try await len.get("/libraries/LEN")
                #expect(own.html.contains(#"action="/libraries/LEN/availability""#))
                let saved = try await len.post(
                    "/libraries/LEN/availability",
                    ["lending": "returnsOnly", "reason": "Building works", "from": "", "until": "2026-12-18"],
                    tokenFrom: "/libraries/LEN")
                #expect(saved.status == .seeOther)
                let after = try await len.get("/libraries/LEN")
                #expect(after.html.contains(#"data-lending="returnsOnly""#))
                #expect(after.html.contains("Lending availability saved."))
                #expect(after.html.contains("<td>Building works</td>"))

                var bor = WebClient(context)
                try await bor.signIn("staff@bor.example.org")
                #expect(!(try await bor.get("/libraries/LEN")).html.contains(#"action="/libraries/LEN/availability""#))
                let refused = try await bor.post(
                    "/libraries/LEN/availability", ["lending": "all"], tokenFrom: "/libraries/BOR")
                #expect(refused.status == .forbidden)
                let board = try await bor.get("/lending")
                #expect(board.status == .ok)
                #expect(board.html.contains(#"<tr data-symbol="LEN">"#))
                #expect(board.html.contains("Returns only"))
                #expect(board.html.contains("2026-12-18"))
                #expect(!board.html.contains(#"<tr data-symbol="BOR">"#))

                let backwards = try await len.post(
                    "/libraries/LEN/availability",
                    ["lending": "closed", "reason": "Move", "from": "2026-12-10", "until": "2026-12-01"],
                    tokenFrom: "/libraries/LEN")
                #expect(backwards.status == .seeOther)
                let explained = try await len.get("/libraries/LEN")
                #expect(
                    explained.html.contains(
                        "Nothing was changed: until: until (2026-12-01) is before from (2026-12-10)"))
                #expect(explained.html.contains(#"data-lending="returnsOnly""#))
            }
        }

        @Test func staffUploadHoldingsAndSetTheirResponseTimeOnTheSettingsPage() async throws {
            try await withTestApp { context in
                var len = WebClient(context)
                try await len.signIn("staff@len.example.org")
                let csv =
                    "title,author,isbn,issn,oclc,call_number,lendable\nThe Salt Atlas,Fairweather,9780198526636,,,912,yes\n"
                    + "Broken,,12,,,1,yes\nLantern Roads,Holloway,,,,388,no\n"
                let loaded = try await len.upload(
                    "/settings/holdings", fileField: "file", fileName: "ours.csv", contents: csv, tokenFrom: "/settings"
                )
                #expect(loaded.status == .seeOther, "\(loaded.html)")
                let page = try await len.get("/settings")
                #expect(page.html.contains("Read 3 records, stored 2 holdings; 2 in all. Skipped 1: line 3:"))
                #expect(page.html.contains("2 records loaded."))
                let (_, found) = try await context.call(.GET, "/api/v1/holdings?isbn=0198526636", as: "BOR")
                #expect(
                    ((found as? [String: Any])?["holders"] as? [[String: Any]])?.map { $0["symbol"] as? String } == [
                        "LEN"
                    ])

                let wrongType = try await len.upload(
                    "/settings/holdings", fileField: "file", fileName: "ours.pdf", contents: "%PDF",
                    tokenFrom: "/settings")
                #expect(wrongType.status == .seeOther)
                #expect(
                    try await len.get("/settings").html.contains(
                        "Nothing was loaded: ours.pdf is none of the formats read"))

                let forged = try await len.upload(
                    "/settings/holdings", fileField: "file", fileName: "x.csv", contents: csv,
                    fields: ["_csrf": "forged"],
                    tokenFrom: "/login")
                #expect(forged.status == .forbidden)

                let saved = try await len.post(
                    "/settings",
                    [
                        "contactEmail": "ill@len.example.org", "loanDays": "28", "renewalsAllowed": "true",
                        "maxRenewals": "1",
                        "responseDays": "8",
                    ],
                    tokenFrom: "/settings")
                #expect(saved.status == .seeOther)
                let (_, entry) = try await context.call(.GET, "/api/v1/libraries/LEN")
                #expect(((entry as? [String: Any])?["lending"] as? [String: Any])?["responseDays"] as? Int == 8)
                let refused = try await len.post(
                    "/settings",
                    [
                        "contactEmail": "ill@len.example.org", "loanDays": "28", "renewalsAllowed": "true",
                        "maxRenewals": "1",
                        "responseDays": "5",
                    ],
                    tokenFrom: "/settings")
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("must be one of 1, 2, 4, 8, 12, 16, 20 working days"))
            }
        }

        @Test func theRequestPageShowsRankedCandidatesAndRoutesToThem() async throws {
            try await withTestApp { context in
                let csv =
                    "title,author,isbn,issn,oclc,call_number,lendable\nThe Salt Atlas,Fairweather,9780198526636,,,912,yes\n"
                let file = try HoldingsImport.read(Array(csv.utf8), fileName: "h.csv")
                for libraryID in [3, 4] {
                    _ = try await HoldingsImport.store(
                        file, libraryID: libraryID, replace: false, reads: context.app.reads,
                        writes: context.app.writes, now: testNow, logger: context.app.logger)
                }
                let id = try await context.place(
                    #"{"title": "The Salt Atlas", "isbn": "9780198526636", "lenders": ["LEN"]}"#)
                var bor = WebClient(context)
                try await bor.signIn("staff@bor.example.org")
                let page = try await bor.get("/requests/\(id)")
                #expect(page.html.contains(#"<h2 id="candidates">Candidate lenders</h2>"#))
                #expect(page.html.contains(#"<tr data-symbol="LEN2">"#))
                #expect(page.html.contains("holds 1 copy; no lending history yet; same courier route"))
                let routed = try await bor.post(
                    "/requests/\(id)/actions/route", ["lenders": "LEN2, OTH", "_version": "1"],
                    tokenFrom: "/requests/\(id)")
                #expect(routed.status == .seeOther)
                let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
                #expect((body as? [String: Any])?["currentLender"] as? String == "LEN2")

                var lender = WebClient(context)
                try await lender.signIn("staff@len2.example.org")
                #expect(!(try await lender.get("/requests/\(id)")).html.contains("Candidate lenders"))
            }
        }
    }
}
