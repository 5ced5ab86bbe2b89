import Foundation
import InterloanCore
import NCIP
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// The "ILS problems" work queue: a request whose call to a library's ILS stopped at a problem is on that
    /// library's desk (not on the other party's) until staff retry or skip the call; and an ILS that is down is
    /// tried again once it is back, the request's calls still in their order.
    @Suite struct ILSProblemsQueueTests {
        static let unknownUser = FakeNCIPResponder.Answer.xml(
            """
            <NCIPMessage xmlns="http://www.niso.org/2008/ncip"><LookupUserResponse><Problem>\
            <ProblemType>Unknown User</ProblemType></Problem></LookupUserResponse></NCIPMessage>
            """)

        @Test func aStoppedCallPutsTheRequestInItsLibrarysQueueUntilSkipped() async throws {
            try await ILSOutboxTests.withResponder { responder in
                try await withTestApp { context in
                    _ = try await ILSOutboxTests.connect(context, to: responder.endpoint)
                    responder.answer(Self.unknownUser)
                    let id = try await context.place(
                        #"{"title": "The Salt Atlas", "lenders": ["LEN"], "patron": {"id": "P 404"}}"#)
                    let quiet = try await context.place(#"{"title": "Quiet Rooms", "lenders": ["LEN"]}"#)
                    try await context.act(id, "willSupply", as: "LEN")
                    try await context.app.ilsOutbox.deliverDue()

                    var borrower = WebClient(context)
                    try await borrower.signIn("staff@bor.example.org")
                    let queue = try await borrower.get("/queues/borrowing/ils-problems")
                    #expect(queue.status == .ok)
                    #expect(queue.html.contains(id))
                    #expect(!queue.html.contains(quiet), "a request whose calls went through is not listed")
                    #expect(try await borrower.get("/").html.contains("ILS problems"))
                    var lender = WebClient(context)
                    try await lender.signIn("staff@len.example.org")
                    #expect(!(try await lender.get("/queues/lending/ils-problems").html.contains(id)))
                    #expect(
                        !(try await lender.get("/").html.contains("ILS problems")),
                        "a library without a connection is not shown the queue while it is empty")

                    let call = try #require(try await ILSOutboxTests.calls(context).first?.id)
                    let (skipped, _) = try await context.call(
                        .POST, "/api/v1/requests/\(id)/ils/\(call)/skip", as: "BOR")
                    #expect(skipped == .ok)
                    #expect(!(try await borrower.get("/queues/borrowing/ils-problems").html.contains(id)))
                }
            }
        }

        @Test func anILSThatWasDownGetsTheCallsOnceBackInTheirOrder() async throws {
            let first = try await FakeNCIPResponder.start()
            let port = first.port
            try await first.stop()
            try await withTestApp { context in
                let library = try await ILSOutboxTests.connect(context, to: "http://127.0.0.1:\(port)/ncip")
                let request = try #require(RequestNumber.decode(try await context.place()))
                try await ILSOutboxTests.enqueueAcceptThenCheckIn(request: request, library: library, in: context)
                #expect(try await context.app.ilsOutbox.deliverDue() == 1, "the check-in waits behind the accept")
                #expect(try await ILSOutboxTests.calls(context).map(\.state) == [.pending, .pending])

                let back = try await FakeNCIPResponder.start(port: port)
                do {
                    back.answer(
                        .xml(try NCIPClientTests.sample("core-ncipv2_01_AcceptItemResponseSample1.xml")),
                        .xml(try NCIPClientTests.sample("core-ncipv2_01_CheckInItemResponse.xml")))
                    #expect(try await context.app.ilsOutbox.deliverDue() == 0, "not before its delay")
                    context.app.clock = .fixed(testNow.addingTimeInterval(30))
                    #expect(try await context.app.ilsOutbox.deliverDue() == 2)
                    #expect(try await ILSOutboxTests.calls(context).map(\.state) == [.done, .done])
                    #expect(back.received.map { $0.contains("<AcceptItem>") } == [true, false])
                    #expect(back.received.last?.contains("<CheckInItem>") == true)
                } catch {
                    try await back.stop()
                    throw error
                }
                try await back.stop()
            }
        }
    }
}
