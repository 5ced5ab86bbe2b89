import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// `expectedArrival` in the API (testNow is Monday 2026-11-30; every test library is a Monday-Thursday stop).
    @Suite struct ExpectedArrivalTests {
        @Test func shipmentsCarryTheirExpectedArrivalAndTheRequestTheOneInTransit() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                let shipped = try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
                // Picked up at LEN on Monday, delivered at BOR's next call, Thursday.
                #expect(shipped["expectedArrival"] as? String == "2026-12-03")
                #expect(
                    (shipped["shipments"] as? [[String: Any]])?.first?["expectedArrival"] as? String == "2026-12-03")

                let received = try await context.act(id, "receive", as: "BOR")
                #expect(received["expectedArrival"] is NSNull)

                context.app.clock = .fixed(testNow.addingTimeInterval(4 * 86_400))  // Friday 4 December
                let returned = try await context.act(id, "returnShip", as: "BOR", #"{"carrier": "usps"}"#)
                // USPS: three working days after Friday.
                #expect(returned["expectedArrival"] as? String == "2026-12-09")
                let (_, listed) = try await context.call(.GET, "/api/v1/requests?side=lending", as: "LEN")
                let item = ((listed as? [String: Any])?["items"] as? [[String: Any]])?.first
                #expect(item?["expectedArrival"] as? String == "2026-12-09")
            }
        }

        @Test func anInterstateSlipCarriesThePartnerStatesCodeAndItsLongerTransit() async throws {
            try await withTestApp { context in
                try await LibraryModel(
                    symbol: "NH-GRF", name: "Granite Falls City Library (NH)", town: "Granite Falls, NH", regionID: nil,
                    contactEmail: "ill@grf.example.org", isMember: false, loanDays: 28, renewalsAllowed: true,
                    maxRenewals: 1, courierRoute: nil, deliveryDays: nil
                ).create(on: context.app.db)
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests", as: "TEAM",
                    json: #"{"title": "Granite Ledges", "borrower": "NH-GRF", "lenders": ["LEN"]}"#)
                #expect(status == .created)
                let id = try #require((body as? [String: Any])?["id"] as? String)
                try await context.act(id, "willSupply", as: "LEN")
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let slip = try await lender.get("/requests/\(id)/routing-slip")
                #expect(slip.html.contains(#"<p class="slip-interstate">Interstate · NH · <strong>GRF</strong></p>"#))
                let shipped = try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "usps", "dueDate": "2027-01-15"}"#)
                // USPS three working days, then three more for the interstate leg.
                #expect(shipped["expectedArrival"] as? String == "2026-12-08")
            }
        }
    }
}
