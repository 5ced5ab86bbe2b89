import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Claims: who may file and see them, the courier's claim window and liability cap (testNow is 2026-11-30).
    @Suite struct ClaimTests {
        static func shipped(_ context: TestContext, carrier: String = "courier") async throws -> String {
            let id = try await context.place()
            try await context.act(id, "willSupply", as: "LEN")
            try await context.act(id, "ship", as: "LEN", #"{"carrier": "\#(carrier)", "dueDate": "2027-01-15"}"#)
            return id
        }

        @Test func aCourierClaimWaitsForItsWindowAndIsCappedByTheCouriersLiability() async throws {
            try await withTestApp { context in
                let id = try await Self.shipped(context)
                let claim =
                    #"{"kind": "missingInTransit", "description": "Never arrived at BOR", "replacementAmount": 310.5}"#
                let (early, explained) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/claims", as: "BOR", json: claim)
                #expect(early == .unprocessableEntity)
                let message =
                    ((explained as? [String: Any])?["fields"] as? [[String: Any]])?.first?["message"] as? String
                #expect(
                    message
                        == "a lost-in-courier claim for the shipment of 2026-11-30 may be filed from 2027-01-30 until 2027-11-30"
                )

                context.app.clock = .fixed(try Date("2027-02-01T10:00:00Z", strategy: .iso8601))
                let (filed, body) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/claims", as: "BOR", json: claim)
                #expect(filed == .created, "\(String(describing: body))")
                let created = try #require(body as? [String: Any])
                #expect(created["replacementAmount"] as? Double == 310.5)
                #expect(created["courierCovers"] as? Double == 250)
                #expect(created["windowCloses"] as? String == "2027-11-30")
                #expect(created["lender"] as? String == "LEN")
                #expect(created["reportedByLibrary"] as? String == "BOR")

                // Both libraries and the team see it; another library asked earlier does not.
                for party in ["BOR", "LEN", "TEAM"] {
                    let (_, listed) = try await context.call(.GET, "/api/v1/requests/\(id)/claims", as: party)
                    #expect((listed as? [[String: Any]])?.count == 1, "\(party)")
                }
                context.app.clock = .fixed(try Date("2027-12-01T10:00:00Z", strategy: .iso8601))
                #expect(
                    try await context.call(.POST, "/api/v1/requests/\(id)/claims", as: "BOR", json: claim).status
                        == .unprocessableEntity)
            }
        }

        @Test func damageClaimsNeedAShipmentAndNameEveryBadField() async throws {
            try await withTestApp { context in
                let placed = try await context.place()
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests/\(placed)/claims", as: "BOR",
                    json: #"{"kind": "damaged", "description": "", "replacementAmount": -3}"#)
                #expect(status == .unprocessableEntity)
                let fields = ((body as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(fields == ["description", "replacementAmount", "kind"])

                let id = try await Self.shipped(context, carrier: "usps")
                let (filed, claim) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/claims", as: "LEN",
                    json: #"{"kind": "damaged", "description": "Water damage on return", "replacementAmount": "45"}"#)
                #expect(filed == .created)
                #expect((claim as? [String: Any])?["courierCovers"] == nil)
                #expect(try await context.call(.GET, "/api/v1/requests/\(id)/claims", as: "OTH").status == .notFound)
            }
        }

        @Test func theRequestPageListsClaimsAndFilesThem() async throws {
            try await withTestApp { context in
                let id = try await Self.shipped(context, carrier: "usps")
                var bor = WebClient(context)
                try await bor.signIn("staff@bor.example.org")
                let filed = try await bor.post(
                    "/requests/\(id)/claims",
                    ["kind": "lost", "description": "Patron lost it on a bus", "replacementAmount": "62.00"],
                    tokenFrom: "/requests/\(id)")
                #expect(filed.status == .seeOther)
                let page = try await bor.get("/requests/\(id)")
                #expect(page.html.contains("Lost claim filed."))
                #expect(page.html.contains(#"<tr data-kind="lost">"#))
                #expect(page.html.contains("Patron lost it on a bus"))
            }
        }
    }
}
