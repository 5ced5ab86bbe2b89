import Foundation
import InterloanCore
import NCIP
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// The outbox of NCIP calls against a fake ILS on loopback: calls made in order per request with their messages
    /// kept (masked), a problem stopping the request's later calls, an unreachable ILS retried later.
    @Suite struct ILSOutboxTests {
        static func connect(_ context: TestContext, to endpoint: String) async throws -> Int {
            let json = """
                {"protocol": "ncip", "endpoint": "\(endpoint)", "fromAgencyId": "Interloan", "toAgencyId": "BOR-MAIN",
                 "authentication": "outbox-secret", "lendingPatronId": "ILL-LENDING"}
                """
            #expect(try await context.call(.PUT, "/api/v1/libraries/BOR/ils", as: "BOR", json: json).status == .ok)
            let library = try #require(
                try await context.app.libraryDirectory.library(symbol: "BOR", on: context.app.db))
            return library.id
        }

        static func call(
            _ service: NCIPService, request: Int, library: Int, barcode: String? = nil, patron: String? = nil
        ) -> ILSCallRecord {
            ILSCallRecord(
                requestID: request, libraryID: library, service: service.rawValue, patronID: patron,
                itemBarcode: barcode, title: "The Salt Atlas", state: .pending, attempts: 0, nextAttemptAt: testNow,
                createdAt: testNow)
        }

        /// An AcceptItem then a CheckInItem of one temporary item, as a loan's receive and return queue them.
        static func enqueueAcceptThenCheckIn(request: Int, library: Int, in context: TestContext) async throws {
            try await context.app.writes.write { sql in
                try await sql.insert(into: ILSCallRecord.table).rows(
                    [
                        Self.call(.acceptItem, request: request, library: library, barcode: "IL-1", patron: "P 1"),
                        Self.call(.checkInItem, request: request, library: library, barcode: "IL-1"),
                    ]).run()
            }
        }

        static func calls(_ context: TestContext) async throws -> [ILSCallRecord] {
            try await context.app.reads.select().column("*").from(ILSCallRecord.table).orderBy("id")
                .all(reading: ILSCallRecord.self)
        }

        static func withResponder(_ body: (FakeNCIPResponder) async throws -> Void) async throws {
            let responder = try await FakeNCIPResponder.start()
            do { try await body(responder) } catch {
                try await responder.stop()
                throw error
            }
            try await responder.stop()
        }

        @Test func callsAreMadeInOrderAndTheirMessagesKeptMasked() async throws {
            try await Self.withResponder { responder in
                try await withTestApp { context in
                    let library = try await Self.connect(context, to: responder.endpoint)
                    let request = try #require(RequestNumber.decode(try await context.place()))
                    responder.answer(
                        .xml(try NCIPClientTests.sample("core-ncipv2_01_AcceptItemResponseSample1.xml")),
                        .xml(try NCIPClientTests.sample("core-ncipv2_01_CheckInItemResponse.xml")))
                    try await Self.enqueueAcceptThenCheckIn(request: request, library: library, in: context)
                    #expect(try await context.app.ilsOutbox.deliverDue() == 2)
                    let calls = try await Self.calls(context)
                    #expect(calls.map(\.state) == [.done, .done])
                    #expect(responder.received.map { $0.contains("<AcceptItem>") } == [true, false])
                    #expect(responder.received[1].contains("<CheckInItem>"))
                    #expect(calls[0].sent?.contains(NCIPClient.mask) == true)
                    #expect(calls.allSatisfy { $0.sent?.contains("outbox-secret") == false })
                    #expect(calls[0].received?.contains("AcceptItemResponse") == true)
                    #expect(calls[0].finishedAt == testNow)
                }
            }
        }

        @Test func aProblemStopsTheRequestsLaterCalls() async throws {
            try await Self.withResponder { responder in
                try await withTestApp { context in
                    let library = try await Self.connect(context, to: responder.endpoint)
                    let request = try #require(RequestNumber.decode(try await context.place()))
                    responder.answer(.xml(try NCIPClientTests.sample("core-ncipv2_01_AcceptItemResponseSample2.xml")))
                    try await Self.enqueueAcceptThenCheckIn(request: request, library: library, in: context)
                    #expect(try await context.app.ilsOutbox.deliverDue() == 1)
                    let calls = try await Self.calls(context)
                    #expect(calls.map(\.state) == [.problem, .pending])
                    #expect(calls[0].problem?.hasPrefix("Agency Authentication Failed") == true)
                    #expect(responder.received.count == 1)
                }
            }
        }

        @Test func anUnreachableILSIsTriedAgainLater() async throws {
            let responder = try await FakeNCIPResponder.start()
            let endpoint = responder.endpoint
            try await responder.stop()
            try await withTestApp { context in
                let library = try await Self.connect(context, to: endpoint)
                let request = try #require(RequestNumber.decode(try await context.place()))
                try await context.app.writes.write { sql in
                    try await sql.insert(into: ILSCallRecord.table).rows(
                        [Self.call(.checkInItem, request: request, library: library, barcode: "IL-1")]
                    ).run()
                }
                #expect(try await context.app.ilsOutbox.deliverDue() == 1)
                let call = try #require(try await Self.calls(context).first)
                #expect(call.state == .pending)
                #expect(call.attempts == 1)
                #expect(call.nextAttemptAt == testNow.addingTimeInterval(30))
                #expect(call.problem?.contains("could not be reached") == true)
                #expect(try await context.app.ilsOutbox.deliverDue() == 0, "not due again before its delay")
            }
        }
    }
}
