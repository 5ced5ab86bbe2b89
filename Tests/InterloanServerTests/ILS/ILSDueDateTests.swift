import Foundation
import InterloanCore
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// A lender whose ILS checks shipped items out may leave the due date to it: the CheckOutItem answer's
    /// `DateDue` (its day as the ILS wrote it) becomes the loan's due date, in the history; a date staff gave stays.
    @Suite struct ILSDueDateTests {
        static let checkedOut = FakeNCIPResponder.Answer.xml(
            """
            <NCIPMessage xmlns="http://www.niso.org/2008/ncip" version="2.02"><CheckOutItemResponse>\
            <ItemId><ItemIdentifierValue>31234</ItemIdentifierValue></ItemId>\
            <UserId><UserIdentifierValue>ILL-LEN</UserIdentifierValue></UserId>\
            <DateDue>2027-01-15T23:59:00-05:00</DateDue></CheckOutItemResponse></NCIPMessage>
            """)

        static func dueDate(_ context: TestContext, _ id: String) async throws -> String? {
            let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            return (body as? [String: Any])?["dueDate"] as? String
        }

        /// A loan LEN will supply, LEN's ILS on loopback answering every check-out with `checkedOut`.
        static func withALoanToShip(_ body: (TestContext, String) async throws -> Void) async throws {
            try await ILSOutboxTests.withResponder { responder in
                try await withTestApp { context in
                    try await ILSLoanCallsTests.connect(context, "LEN", to: responder.endpoint)
                    responder.answer(Self.checkedOut)
                    let id = try await context.place(#"{"title": "The Salt Atlas", "lenders": ["LEN"]}"#)
                    try await context.act(id, "willSupply", as: "LEN")
                    try await body(context, id)
                }
            }
        }

        @Test func theILSsDueDateFillsALoanShippedWithoutOne() async throws {
            try await Self.withALoanToShip { context, id in
                let (refused, body) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/actions/ship", as: "LEN", json: #"{"carrier": "courier"}"#)
                #expect(refused == .unprocessableEntity, "without a barcode the ILS checks nothing out")
                #expect("\(body ?? "")".contains("dueDate"))

                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "itemBarcode": "31234"}"#)
                #expect(try await Self.dueDate(context, id) == nil)
                #expect(try await context.app.ilsOutbox.deliverDue() == 1)
                #expect(try await Self.dueDate(context, id) == "2027-01-15")
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                let events = try #require(history as? [[String: Any]])
                let filled = try #require(events.first { $0["action"] as? String == "ilsDueDate" })
                #expect("\(filled)".contains("2027-01-15"))
                try await context.act(id, "receive", as: "BOR")
            }
        }

        @Test func aDueDateStaffGaveIsNotReplaced() async throws {
            try await Self.withALoanToShip { context, id in
                try await context.act(
                    id, "ship", as: "LEN",
                    #"{"carrier": "courier", "itemBarcode": "31234", "dueDate": "2026-12-30"}"#)
                #expect(try await context.app.ilsOutbox.deliverDue() == 1)
                #expect(try await Self.dueDate(context, id) == "2026-12-30")
            }
        }

        @Test func withoutACheckingOutILSALoanStillNeedsItsDueDate() async throws {
            try await withTestApp { context in
                let id = try await context.place(#"{"title": "The Salt Atlas", "lenders": ["LEN"]}"#)
                try await context.act(id, "willSupply", as: "LEN")
                let (status, _) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/actions/ship", as: "LEN",
                    json: #"{"carrier": "courier", "itemBarcode": "31234"}"#)
                #expect(status == .unprocessableEntity)
            }
        }
    }
}
