import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Staff correct what a patron asked for before routing it: the same checks as placing, one version at a time,
    /// recorded in the history, and never once a lender has the request.
    @Suite struct RequestEditTests {
        @Test func staffCorrectAPatronsRequestBeforeRoutingIt() async throws {
            try await withTestApp { context in
                var patron = try await PortalPatron.signIn(context)
                _ = try await patron.ask(["serviceType": "loan", "title": "Salt Atlas", "notes": "any edition"])
                let number = try #require(PortalPatron.numbers(in: try await patron.browser.get("/my").html).first)
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let page = try await staff.get("/requests/\(number)")
                #expect(page.html.contains(#"id="edit-item""#))
                let version = try await PortalPatron.request(number, context).version

                let refused = try await staff.post(
                    "/requests/\(number)/edit",
                    ["title": "The Salt Atlas", "isbn": "12", "_version": String(version)],
                    tokenFrom: "/requests/\(number)")
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("must be an ISBN"))
                #expect(try await PortalPatron.request(number, context).title == "Salt Atlas", "nothing changed")

                let saved = try await staff.post(
                    "/requests/\(number)/edit",
                    [
                        "title": "The Salt Atlas", "isbn": "9780306406157", "notes": "any edition",
                        "_version": String(version),
                    ], tokenFrom: "/requests/\(number)")
                #expect(saved.location == "/requests/\(number)")
                let row = try await PortalPatron.request(number, context)
                #expect(row.title == "The Salt Atlas" && row.isbn == "9780306406157" && row.notes == "any edition")
                #expect(row.version == version + 1)
                #expect(row.patronID == "21234000555", "the patron stays")
                let history = try await staff.get("/requests/\(number)")
                #expect(history.html.contains("Item corrected"))
                #expect(history.html.contains("title, isbn"))

                let stale = try await staff.post(
                    "/requests/\(number)/edit", ["title": "Stale", "_version": String(version)],
                    tokenFrom: "/requests/\(number)")
                #expect(stale.location == "/requests/\(number)")
                #expect(try await PortalPatron.request(number, context).title == "The Salt Atlas")

                try await context.act(number, "route", as: "BOR", #"{"lenders": ["LEN"]}"#)
                #expect(!(try await staff.get("/requests/\(number)").html.contains(#"id="edit-item""#)))
                _ = try await staff.post(
                    "/requests/\(number)/edit", ["title": "Too late"], tokenFrom: "/requests/\(number)")
                #expect(try await PortalPatron.request(number, context).title == "The Salt Atlas")
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let lenderPost = try await lender.post(
                    "/requests/\(number)/edit", ["title": "Lender's"], tokenFrom: "/requests/\(number)")
                #expect(lenderPost.location == "/requests/\(number)")
                #expect(try await PortalPatron.request(number, context).title == "The Salt Atlas")
            }
        }
    }
}
