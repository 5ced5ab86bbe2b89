import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The patron portal from the patron's side: their requests in plain words, asking with a duplicate warning,
    /// cancelling, renewal asks, and nobody else's requests.
    @Suite struct PortalTests {
        @Test func aPatronsRequestWaitsForStaffWhoRouteIt() async throws {
            try await withTestApp { context in
                var patron = try await PortalPatron.signIn(context)
                let empty = try await patron.browser.get("/my")
                #expect(empty.html.contains("You have no requests yet"))
                let (_, page) = try await patron.ask(
                    ["serviceType": "loan", "title": "The Salt Atlas", "isbn": "9780306406157", "lenders": "LEN"])
                let number = try #require(PortalPatron.numbers(in: page).first)
                #expect(PortalPatron.words(in: page) == ["Requested"])
                let row = try await PortalPatron.request(number, context)
                #expect(row.status == "submitted", "staff check a patron's request first")
                #expect(row.patronID == "21234000555" && row.patronName == "Wren Hollis")
                #expect(row.currentLenderID == nil, "a patron never chooses lenders")

                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let queue = try await staff.get("/queues/borrowing/from-patrons")
                #expect(queue.html.contains(number))
                let routed = try await context.act(number, "route", as: "BOR", #"{"lenders": ["LEN"]}"#)
                #expect(routed["status"] as? String == "sentToLender")
                let history = try await context.call(.GET, "/api/v1/requests/\(number)/history", as: "LEN").body
                let actors = (history as? [[String: Any]])?.compactMap { $0["actor"] as? String } ?? []
                #expect(actors.contains(PatronRequests.actorName), "the history says the portal placed it")
                #expect(!actors.contains { $0.contains("Wren") }, "the lender never reads the patron's name")

                #expect(PortalPatron.words(in: try await patron.browser.get("/my").html) == ["Looking for a lender"])
            }
        }

        @Test func anUnmediatedLibraryRoutesAtOnceAndADuplicateIsWarnedOf() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_requests", to: "unmediated", context)
                var patron = try await PortalPatron.signIn(context)
                let fields = ["serviceType": "loan", "title": "Tides", "isbn": "0-306-40615-2"]
                let (_, first) = try await patron.ask(fields)
                let number = try #require(PortalPatron.numbers(in: first).first)
                #expect(try await PortalPatron.request(number, context).status != "submitted")

                let again = try await patron.browser.post("/my/requests", fields, tokenFrom: "/my/requests/new")
                #expect(again.status == .conflict)
                #expect(again.html.contains("You already asked for this"))
                #expect(again.html.contains(number))
                #expect(PortalPatron.numbers(in: try await patron.browser.get("/my").html).count == 1)

                var anyway = fields
                anyway["placeAnyway"] = "yes"
                let (_, second) = try await patron.ask(anyway)
                #expect(PortalPatron.numbers(in: second).count == 2, "a second copy when the patron insists")
            }
        }

        @Test func cancellingIsImmediateUntilALenderSaidYesThenStaffAreAsked() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_requests", to: "unmediated", context)
                var patron = try await PortalPatron.signIn(context)
                _ = try await patron.ask(["serviceType": "loan", "title": "First"])
                _ = try await patron.ask(["serviceType": "loan", "title": "Second"])
                let numbers = PortalPatron.numbers(in: try await patron.browser.get("/my").html)
                let (second, first) = (numbers[0], numbers[1])
                try await context.act(first, "route", as: "BOR", #"{"lenders": ["LEN"]}"#)

                let cancelled = try await patron.browser.post("/my/requests/\(second)/cancel", [:], tokenFrom: "/my")
                #expect(cancelled.location == "/my")
                #expect(try await PortalPatron.request(second, context).status == "cancelled")

                try await context.act(first, "willSupply", as: "LEN")
                _ = try await patron.browser.post("/my/requests/\(first)/cancel", [:], tokenFrom: "/my")
                let asked = try await PortalPatron.request(first, context)
                #expect(asked.status == "willSupply", "a lender already said yes: the library decides")
                #expect(asked.patronAsk == "cancel")
                #expect(PortalPatron.words(in: try await patron.browser.get("/my").html).last == "Cancel asked")

                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                #expect(try await staff.get("/queues/borrowing/patron-cancels").html.contains(first))
                try await context.act(first, "cancel", as: "BOR", #"{"reason": "patron no longer needs it"}"#)
                #expect(try await PortalPatron.request(first, context).patronAsk == nil, "done: the ask is settled")
            }
        }

        @Test func aRenewalAskGoesToStaffOrStraightToTheLender() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_requests", to: "unmediated", context)
                var patron = try await PortalPatron.signIn(context)
                let number = try await patron.askAndShip("On loan", context)
                let shipped = try await patron.browser.get("/my")
                #expect(PortalPatron.words(in: shipped.html) == ["On its way"])
                #expect(!shipped.html.contains("Ask for a renewal"), "only after it arrived")
                try await context.act(number, "receive", as: "BOR")
                let arrived = try await patron.browser.get("/my")
                #expect(
                    PortalPatron.words(in: arrived.html) == [
                        "Ready for pickup at BOR Library since 2026-11-30. Due 2026-12-28"
                    ])

                _ = try await patron.browser.post("/my/requests/\(number)/renewal", [:], tokenFrom: "/my")
                #expect(try await PortalPatron.request(number, context).patronAsk == "renewal")
                #expect(
                    PortalPatron.words(in: try await patron.browser.get("/my").html) == [
                        "Renewal asked. Due 2026-12-28"
                    ])
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                #expect(try await staff.get("/queues/borrowing/patron-renewals").html.contains(number))
                try await context.act(number, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
                #expect(try await PortalPatron.request(number, context).patronAsk == nil)
                try await context.act(number, "answerRenewal", as: "LEN", #"{"approve": false, "note": "wanted"}"#)

                try await PortalPatron.set("patron_renewals", to: "forward", context)
                let again = try await patron.browser.post("/my/requests/\(number)/renewal", [:], tokenFrom: "/my")
                #expect(again.location == "/my")
                let forwarded = try await PortalPatron.request(number, context)
                #expect(forwarded.status == "renewalRequested", "forwarded: the lender has it at once")
                #expect(forwarded.patronAsk == nil)
                #expect(
                    PortalPatron.words(in: try await patron.browser.get("/my").html) == [
                        "Renewal asked. Due 2026-12-28"
                    ])
            }
        }

        @Test func aPatronSeesOnlyTheirOwnRequests() async throws {
            try await withTestApp { context in
                var wren = try await PortalPatron.signIn(context)
                _ = try await wren.ask(["serviceType": "loan", "title": "Private reading"])
                let number = try #require(PortalPatron.numbers(in: try await wren.browser.get("/my").html).first)
                var other = try await PortalPatron.signIn(context, barcode: "21234000999", email: "other@example.org")
                #expect(!(try await other.browser.get("/my").html.contains("Private reading")))
                let refused = try await other.browser.post("/my/requests/\(number)/cancel", [:], tokenFrom: "/my")
                #expect(refused.status == .notFound)
                #expect(try await PortalPatron.request(number, context).status == "submitted")
                let data = try await other.browser.get("/my/data")
                #expect(data.status == .ok)
                #expect(!data.html.contains("Private reading") && !data.html.contains("21234000555"))

                var stranger = WebClient(context)
                let anonymous = try await stranger.get("/my")
                #expect(anonymous.location == "/my/login?next=%2Fmy")
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                #expect(try await staff.get("/my").location?.hasPrefix("/my/login") == true, "staff are no patrons")
            }
        }

        @Test func aPatronDownloadsTheirDataAndDeletesTheAccountOnceNothingIsOpen() async throws {
            try await withTestApp { context in
                var patron = try await PortalPatron.signIn(context)
                _ = try await patron.ask(["serviceType": "loan", "title": "Kept for now", "notes": "for my thesis"])
                let number = try #require(PortalPatron.numbers(in: try await patron.browser.get("/my").html).first)
                let data = try await patron.browser.get("/my/data")
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(data.html.utf8)) as? [String: Any])
                #expect(json["barcode"] as? String == "21234000555")
                let requests = try #require(json["requests"] as? [[String: Any]])
                #expect(requests.map { $0["id"] as? String } == [number])
                #expect(requests.first?["notes"] as? String == "for my thesis")

                let refused = try await patron.browser.post(
                    "/my/account/delete", ["confirm": "yes"], tokenFrom: "/my")
                #expect(refused.location == "/my#account")
                #expect(try await patron.browser.get("/my").html.contains("cannot be deleted while requests are open"))

                _ = try await patron.browser.post("/my/requests/\(number)/cancel", [:], tokenFrom: "/my")
                let deleted = try await patron.browser.post("/my/account/delete", ["confirm": "yes"], tokenFrom: "/my")
                #expect(deleted.html.contains("Your account is deleted"))
                let row = try await PortalPatron.request(number, context)
                #expect(row.status == "cancelled", "the request stays for the figures")
                #expect(row.patronID == nil && row.patronName == nil && row.patronEmail == nil)
                #expect(row.patronAccountID == nil)
                let accounts = try await context.app.reads.select().column("id").from(PatronRecord.table).all()
                #expect(accounts.isEmpty)
                #expect(try await patron.browser.get("/my").location?.hasPrefix("/my/login") == true)
            }
        }
    }
}
