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
                    _ = try await DatabaseTests.ILSOutboxTests.connect(context, to: responder.endpoint)
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

extension DatabaseTests.ILSCallActionsTests {
    /// The request page's Local system section: the borrower's calls with what the ILS said, Retry and Skip.
    @Test func theRequestPageShowsTheCallsAndSkipsOne() async throws {
        let responder = try await FakeNCIPResponder.start()
        do {
            try await withTestApp { context in
                _ = try await DatabaseTests.ILSOutboxTests.connect(context, to: responder.endpoint)
                responder.answer(.xml(try NCIPClientTests.sample("aleph22_response_user-lookup-by-UserId.xml")))
                let found = try await context.place(
                    #"{"title": "Found", "lenders": ["LEN"], "patron": {"id": "P 1"}}"#)
                try await context.app.ilsOutbox.deliverDue()
                responder.answer(
                    .xml(
                        """
                        <NCIPMessage xmlns="http://www.niso.org/2008/ncip"><LookupUserResponse><Problem>\\
                        <ProblemType>Unknown User</ProblemType></Problem></LookupUserResponse></NCIPMessage>
                        """))
                let unknown = try await context.place(
                    #"{"title": "Unknown", "lenders": ["LEN"], "patron": {"id": "P 2"}}"#)
                try await context.app.ilsOutbox.deliverDue()

                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let foundPage = try await staff.get("/requests/\(found)")
                #expect(foundPage.html.contains(#"id="local-system""#))
                #expect(foundPage.html.contains("Pokus1 Přijmení; test@mzk.cz; no blocks"))
                let page = try await staff.get("/requests/\(unknown)")
                #expect(page.html.contains("Unknown User"))
                let call = try #require(try await DatabaseTests.ILSOutboxTests.calls(context).last?.id)
                #expect(page.html.contains(#"action="/requests/\#(unknown)/ils/\#(call)/retry""#))
                let skipped = try await staff.post(
                    "/requests/\(unknown)/ils/\(call)/skip", [:], tokenFrom: "/requests/\(unknown)")
                #expect(skipped.location == "/requests/\(unknown)#local-system")
                let after = try await staff.get("/requests/\(unknown)")
                #expect(after.html.contains("ILS call skipped"))
                #expect(!after.html.contains(#"/ils/\#(call)/retry""#))

                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                #expect(!(try await lender.get("/requests/\(unknown)")).html.contains(#"id="local-system""#))
            }
        } catch {
            try await responder.stop()
            throw error
        }
        try await responder.stop()
    }
}
