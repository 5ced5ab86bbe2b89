import Foundation
import InterloanCore
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// A call stopped at a problem, as staff see and settle it: listed for its own library only, retried until the
    /// ILS takes it, or skipped so the request's later calls go on; each written in the history.
    @Suite struct ILSCallActionsTests {
        @Test func aProblemIsRetriedOrSkippedAndEachIsInTheHistory() async throws {
            let responder = try await FakeNCIPResponder.start()
            do {
                try await withTestApp { context in
                    _ = try await ILSOutboxTests.connect(context, to: responder.endpoint)
                    responder.answer(
                        .xml(
                            """
                            <NCIPMessage xmlns="http://www.niso.org/2008/ncip"><LookupUserResponse><Problem>\
                            <ProblemType>Unknown User</ProblemType></Problem></LookupUserResponse></NCIPMessage>
                            """))
                    let id = try await context.place(
                        #"{"title": "The Salt Atlas", "lenders": ["LEN"], "patron": {"id": "P 1001"}}"#)
                    try await context.app.ilsOutbox.deliverDue()

                    let (_, listed) = try await context.call(.GET, "/api/v1/requests/\(id)/ils", as: "BOR")
                    let calls = try #require(listed as? [[String: Any]])
                    #expect(calls.map { $0["state"] as? String } == ["problem"])
                    #expect((calls[0]["sent"] as? String)?.contains("outbox-secret") == false)
                    let (_, forLender) = try await context.call(.GET, "/api/v1/requests/\(id)/ils", as: "LEN")
                    #expect(
                        (forLender as? [[String: Any]])?.isEmpty == true, "a lender never sees the borrower's calls")

                    let call = try #require(calls[0]["id"] as? Int)
                    let retryPath = "/api/v1/requests/\(id)/ils/\(call)/retry"
                    #expect(try await context.call(.POST, retryPath, as: "LEN").status == .notFound)
                    let (retried, body) = try await context.call(.POST, retryPath, as: "BOR")
                    #expect(retried == .ok)
                    #expect((body as? [String: Any])?["state"] as? String == "pending")
                    try await context.app.ilsOutbox.deliverDue()
                    let (skipped, _) = try await context.call(
                        .POST, "/api/v1/requests/\(id)/ils/\(call)/skip", as: "BOR")
                    #expect(skipped == .ok)
                    #expect(try await context.call(.POST, retryPath, as: "BOR").status == .conflict)

                    let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                    let actions = (history as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
                    #expect(actions.filter { $0.hasPrefix("ils") } == ["ilsRetry", "ilsSkip"])
                    #expect(responder.received.count == 2, "sent once, and once more when retried")
                }
            } catch {
                try await responder.stop()
                throw error
            }
            try await responder.stop()
        }
    }
}
