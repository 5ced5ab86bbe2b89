import Foundation
import InterloanCore
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// A whole loan between two libraries whose ILSs answer NCIP (one fake ILS on loopback for both): every call
    /// made, in order, with what each carries; and a library without a connection causes none.
    @Suite struct ILSLoanCallsTests {
        static func connect(_ context: TestContext, _ symbol: String, to endpoint: String) async throws {
            let json = """
                {"protocol": "ncip", "endpoint": "\(endpoint)", "fromAgencyId": "Interloan",
                 "toAgencyId": "\(symbol)-ILS", "lendingPatronId": "ILL-\(symbol)"}
                """
            let (status, _) = try await context.call(.PUT, "/api/v1/libraries/\(symbol)/ils", as: symbol, json: json)
            #expect(status == .ok)
        }

        static func services(_ context: TestContext) async throws -> [String] {
            try await ILSOutboxTests.calls(context).map { "\($0.service) \($0.itemBarcode ?? $0.patronID ?? "")" }
        }

        @Test func aWholeLoanMakesEveryCallInOrder() async throws {
            let responder = try await FakeNCIPResponder.start()
            do {
                try await withTestApp { context in
                    try await Self.connect(context, "BOR", to: responder.endpoint)
                    try await Self.connect(context, "LEN", to: responder.endpoint)
                    let sample = { (name: String) in FakeNCIPResponder.Answer.xml(try NCIPClientTests.sample(name)) }
                    responder.answer(
                        try sample("aleph22_response_user-lookup-by-UserId.xml"),
                        try sample("core-ncipv2_01_CheckOutItemResponse.xml"),
                        try sample("core-ncipv2_01_AcceptItemResponseSample1.xml"),
                        try sample("core-ncipv2_01_CheckInItemResponse.xml"))
                    let id = try await context.place(
                        #"{"title": "The Salt Atlas", "author": "Ada Marlow", "lenders": ["LEN"], "patron": {"id": "P 1001"}}"#
                    )
                    try await context.act(id, "willSupply", as: "LEN")
                    try await context.act(
                        id, "ship", as: "LEN",
                        #"{"carrier": "courier", "dueDate": "2026-12-30", "itemBarcode": "31234"}"#)
                    try await context.act(id, "receive", as: "BOR")
                    try await context.act(id, "returnShip", as: "BOR", #"{"carrier": "courier"}"#)
                    try await context.act(id, "checkIn", as: "LEN")
                    #expect(
                        try await Self.services(context) == [
                            "LookupUser P 1001", "CheckOutItem 31234", "AcceptItem \(id)", "CheckInItem \(id)",
                            "CheckInItem 31234",
                        ])
                    #expect(try await context.app.ilsOutbox.deliverDue() == 5)
                    #expect(try await ILSOutboxTests.calls(context).map(\.state) == Array(repeating: .done, count: 5))
                    let received = responder.received
                    #expect(received.count == 5)
                    #expect(received[0].contains("<UserIdentifierValue>P 1001</UserIdentifierValue>"))
                    #expect(received[1].contains("<UserIdentifierValue>ILL-LEN</UserIdentifierValue>"))
                    #expect(received[1].contains("<AgencyId>LEN-ILS</AgencyId>"))
                    #expect(received[2].contains("<ItemIdentifierValue>\(id)</ItemIdentifierValue>"))
                    #expect(received[2].contains("<Title>The Salt Atlas</Title>"))
                    #expect(received[2].contains("<DateForReturn>2026-12-30T"))
                    #expect(received[2].contains("<PickupLocation>"))
                    #expect(received[3].contains("<ItemIdentifierValue>\(id)</ItemIdentifierValue>"))
                    #expect(received[4].contains("<ItemIdentifierValue>31234</ItemIdentifierValue>"))
                }
            } catch {
                try await responder.stop()
                throw error
            }
            try await responder.stop()
        }

        @Test func librariesWithoutAConnectionCauseNoCall() async throws {
            try await withTestApp { context in
                let id = try await context.place(#"{"title": "Quiet", "lenders": ["LEN"], "patron": {"id": "P 9"}}"#)
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-30", "itemBarcode": "9"}"#)
                try await context.act(id, "receive", as: "BOR")
                #expect(try await Self.services(context).isEmpty)
            }
        }

        @Test func aLoanReportedLostDeletesTheTemporaryItem() async throws {
            try await withTestApp { context in
                try await Self.connect(context, "BOR", to: "http://127.0.0.1:9/ncip")
                let id = try await context.place(#"{"title": "Short", "lenders": ["LEN"], "patron": {"id": "P 2"}}"#)
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-30"}"#)
                try await context.act(id, "receive", as: "BOR")
                try await context.act(id, "reportLost", as: "BOR", #"{"note": "left on a train"}"#)
                #expect(try await Self.services(context) == ["LookupUser P 2", "AcceptItem \(id)", "DeleteItem \(id)"])
            }
        }
        @Test func itemsNeverCreatedOrCheckedOutAreNotCheckedIn() async throws {
            try await withTestApp { context in
                try await Self.connect(context, "BOR", to: "http://127.0.0.1:9/ncip")
                try await Self.connect(context, "LEN", to: "http://127.0.0.1:9/ncip")
                // No patron id: no temporary item is created, so none is checked in; no barcode shipped: nothing
                // was checked out, so nothing is checked back in.
                let id = try await context.place(#"{"title": "Unheld", "lenders": ["LEN"]}"#)
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-30"}"#)
                try await context.act(id, "receive", as: "BOR")
                try await context.act(id, "returnShip", as: "BOR", #"{"carrier": "courier"}"#)
                try await context.act(id, "checkIn", as: "LEN")
                #expect(try await Self.services(context).isEmpty)
            }
        }
    }
}
