import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Whole request lives through the HTTP API, as member libraries and the team drive them.
    @Suite struct LifecycleAPITests {
        @Test func aLoanRunsFromPlacementToCheckInWithItsHistory() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                #expect(try await context.act(id, "willSupply", as: "LEN")["status"] as? String == "willSupply")
                let shipped = try await context.act(
                    id, "ship", as: "LEN",
                    #"{"carrier": "courier", "trackingNumber": "BIN-4", "dueDate": "2026-12-28"}"#)
                #expect(shipped["dueDate"] as? String == "2026-12-28")
                #expect(shipped["allowedActions"] as? [String] == ["reportLost"])
                let received = try await context.act(id, "receive", as: "BOR")
                #expect(
                    received["allowedActions"] as? [String] == ["renew", "returnShip", "reportLost", "reportDamaged"])
                try await context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
                let renewed = try await context.act(
                    id, "answerRenewal", as: "LEN", #"{"approve": true, "dueDate": "2027-01-20"}"#)
                #expect(renewed["dueDate"] as? String == "2027-01-20")
                let renewals = try #require(renewed["renewals"] as? [[String: Any]])
                #expect(renewals.first?["status"] as? String == "approved")
                try await context.act(id, "returnShip", as: "BOR", #"{"carrier": "usps", "trackingNumber": "9400111"}"#)
                let done = try await context.act(id, "checkIn", as: "LEN")
                #expect(done["status"] as? String == "completed")
                #expect(
                    (done["shipments"] as? [[String: Any]])?.map { $0["direction"] as? String } == [
                        "forward", "return",
                    ])

                let (status, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                #expect(status == .ok)
                let events = try #require(history as? [[String: Any]])
                #expect(
                    events.map { $0["action"] as? String } == [
                        "place", "willSupply", "ship", "receive", "renew", "answerRenewal", "returnShip", "checkIn",
                    ])
                #expect(events[2]["from"] as? String == "willSupply")
                #expect(events[2]["to"] as? String == "shipped")
                #expect(events[2]["library"] as? String == "LEN")
                #expect(events[2]["actor"] as? String == "LEN desk")
                #expect((events[2]["details"] as? [String: String])?["trackingNumber"] == "BIN-4")
            }
        }

        @Test func anUnfilledAnswerMovesTheRequestToTheNextLenderAndThenToTheTeam() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                let moved = try await context.act(
                    id, "unfilled", as: "LEN", #"{"reason": "NotOnShelf", "note": "missing"}"#)
                #expect(moved["currentLender"] as? String == "LEN2")
                #expect(moved["status"] as? String == "sentToLender")
                // The former lender still sees the request, without any action left.
                let (_, formerView) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "LEN")
                #expect((formerView as? [String: Any])?["allowedActions"] as? [String] == [])
                let exhausted = try await context.act(id, "unfilled", as: "LEN2", #"{"reason": "NotHeld"}"#)
                #expect(exhausted["status"] as? String == "needsLender")
                let lenders = try #require(exhausted["lenders"] as? [[String: Any]])
                #expect(lenders.map { $0["reason"] as? String } == ["NotOnShelf", "NotHeld"])
                let routed = try await context.act(id, "route", as: "TEAM", #"{"lenders": ["OTH"]}"#)
                #expect(routed["currentLender"] as? String == "OTH")
                #expect(routed["status"] as? String == "sentToLender")
            }
        }

        @Test func conditionsAreAcceptedOrRejectedByTheBorrower() async throws {
            try await withTestApp { context in
                let accepted = try await context.place()
                try await context.act(accepted, "conditional", as: "LEN", #"{"note": "Library use only"}"#)
                #expect(
                    try await context.act(accepted, "acceptConditions", as: "BOR")["status"] as? String == "willSupply")
                let rejected = try await context.place()
                try await context.act(rejected, "conditional", as: "LEN", #"{"note": "Library use only"}"#)
                let next = try await context.act(rejected, "rejectConditions", as: "BOR")
                #expect(next["currentLender"] as? String == "LEN2")
            }
        }

        @Test func cancellingIsImmediateBeforeWillSupplyAndNeedsTheLenderAfter() async throws {
            try await withTestApp { context in
                let early = try await context.place()
                #expect(try await context.act(early, "cancel", as: "BOR")["status"] as? String == "cancelled")
                let late = try await context.place()
                try await context.act(late, "willSupply", as: "LEN")
                #expect(try await context.act(late, "cancel", as: "BOR")["status"] as? String == "cancelRequested")
                let refused = try await context.act(late, "answerCancel", as: "LEN", #"{"approve": false}"#)
                #expect(refused["status"] as? String == "willSupply")
                try await context.act(late, "cancel", as: "BOR")
                let agreed = try await context.act(late, "answerCancel", as: "LEN", #"{"approve": true}"#)
                #expect(agreed["status"] as? String == "cancelled")
            }
        }

        @Test func aDeniedRenewalKeepsTheDueDate() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-28"}"#)
                try await context.act(id, "receive", as: "BOR")
                try await context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
                let denied = try await context.act(
                    id, "answerRenewal", as: "LEN", #"{"approve": false, "note": "On hold for a patron"}"#)
                #expect(denied["dueDate"] as? String == "2026-12-28")
                #expect((denied["renewals"] as? [[String: Any]])?.first?["note"] as? String == "On hold for a patron")
                #expect(denied["status"] as? String == "received")
            }
        }

        @Test func aRenewalBeforeReceiptIsRefusedWithTheAllowedActions() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-28"}"#)
                let refusal = try await context.act(
                    id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#, expect: .conflict)
                #expect(refusal["allowedActions"] as? [String] == ["receive", "reportLost"])
                #expect(refusal["message"] as? String == "renew is not possible while the request is shipped")
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                #expect((history as? [Any])?.count == 3)
            }
        }

        @Test func aCopyIsCompleteWhenReceived() async throws {
            try await withTestApp { context in
                let id = try await context.place(
                    #"{"title": "Tidal Letters", "serviceType": "copy", "articleTitle": "On salt", "pages": "3-9", "lenders": ["LEN"]}"#
                )
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "other"}"#)
                #expect(try await context.act(id, "receive", as: "BOR")["status"] as? String == "completed")
            }
        }

        @Test func aRequestWithoutLendersWaitsForTheTeam() async throws {
            try await withTestApp { context in
                let id = try await context.place(#"{"title": "Orphan"}"#)
                let (_, list) = try await context.call(.GET, "/api/v1/requests?status=needsLender", as: "TEAM")
                let items = try #require((list as? [String: Any])?["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? String } == [id])
                #expect(items.first?["allowedActions"] as? [String] == ["cancel", "route"])
            }
        }
    }
}
