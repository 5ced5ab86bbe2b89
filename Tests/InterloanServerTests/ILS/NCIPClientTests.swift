import Foundation
import NCIP
import Testing
import Vapor

@testable import InterloanServer

/// The NCIP client against a real HTTP server on loopback answering with the real samples: the answer read, the
/// secret sent to the ILS but masked in what staff see, and each way a call can fail named.
@Suite struct NCIPClientTests {
    static let secret = "s3cret&<ils>"

    static func sample(_ name: String) throws -> String {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../NCIPTests/Fixtures/samples/xc-ncip-toolkit").standardized
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func connection(_ endpoint: String) -> ILSConnectionRecord {
        ILSConnectionRecord(
            libraryID: 1, protocolName: "ncip", endpoint: endpoint, fromAgencyID: "Interloan", toAgencyID: "BOR-MAIN",
            authentication: Self.secret, lendingPatronID: "ILL-LENDING", events: "lookupUser", updatedAt: testNow,
            updatedBy: "test")
    }

    /// The timeout is long by default so a busy machine running tests in parallel never mistakes slowness for a hang;
    /// only the test about hanging shortens it.
    static func withResponder(
        timeout: Int64 = 30, _ body: (FakeNCIPResponder, NCIPClient) async throws -> Void
    ) async throws {
        let responder = try await FakeNCIPResponder.start()
        let client = NCIPClient(client: responder.app.client, timeout: .seconds(timeout))
        do {
            try await body(responder, client)
        } catch {
            try await responder.stop()
            throw error
        }
        try await responder.stop()
    }

    @Test func aLookupIsAnsweredAndTheSecretReachesOnlyTheILS() async throws {
        try await Self.withResponder { responder, client in
            responder.answer(.xml(try Self.sample("aleph22_response_user-lookup-by-UserId.xml")))
            let exchange = await client.call(.lookupUser(patronId: "P 1001"), on: Self.connection(responder.endpoint))
            #expect(exchange.failure == nil)
            #expect(exchange.response?.patron?.name == "Pokus1 Přijmení")
            #expect(exchange.response?.patron?.email == "test@mzk.cz")
            let received = try #require(responder.received.first)
            #expect(received.contains("<FromAgencyAuthentication>s3cret&amp;&lt;ils&gt;</FromAgencyAuthentication>"))
            #expect(received.contains("<UserIdentifierValue>P 1001</UserIdentifierValue>"))
            #expect(!exchange.sent.contains("s3cret"))
            #expect(exchange.sent.contains("<FromAgencyAuthentication>\(NCIPClient.mask)</FromAgencyAuthentication>"))
            #expect(exchange.received?.contains("Pokus1") == true)
        }
    }

    @Test func aProblemIsReadAsTheILSsRefusal() async throws {
        try await Self.withResponder { responder, client in
            responder.answer(.xml(try Self.sample("core-ncipv2_01_AcceptItemResponseSample2.xml")))
            let item = NCIPAcceptedItem(requestId: "IL-1", itemBarcode: "IL-1", patronId: "P 1", title: "T")
            let exchange = await client.call(.acceptItem(item), on: Self.connection(responder.endpoint))
            #expect(exchange.failure == nil)
            #expect(exchange.response?.succeeded == false)
            #expect(exchange.response?.problems.first?.type == "Agency Authentication Failed")
        }
    }

    @Test func anAnswerThatIsNoNCIPIsAFailureWithItsStatus() async throws {
        try await Self.withResponder { responder, client in
            responder.answer(.xml("<html>Server Error</html>", status: .internalServerError))
            let exchange = await client.call(.checkInItem(itemBarcode: "3123"), on: Self.connection(responder.endpoint))
            #expect(exchange.response == nil)
            #expect(exchange.failure?.hasPrefix("HTTP 500: the answer's root is html") == true)
            #expect(exchange.received == nil, "whatever else answers at an address is not shown to staff")
        }
    }

    @Test func anILSThatHangsIsAbandonedAfterTheTimeout() async throws {
        try await Self.withResponder(timeout: 1) { responder, client in
            responder.answer(.hang)
            let exchange = await client.call(.checkInItem(itemBarcode: "3123"), on: Self.connection(responder.endpoint))
            #expect(exchange.response == nil)
            #expect(exchange.failure == "\(responder.endpoint) did not answer within 1 s")
        }
    }

    @Test func anILSThatIsDownCannotBeReached() async throws {
        let responder = try await FakeNCIPResponder.start()
        let endpoint = responder.endpoint
        try await responder.stop()
        let application = try await Application.make(.testing)
        let exchange = await NCIPClient(client: application.client, timeout: .seconds(30))
            .call(.checkInItem(itemBarcode: "3123"), on: Self.connection(endpoint))
        try await application.asyncShutdown()
        #expect(exchange.failure?.hasPrefix("\(endpoint) could not be reached") == true)
        #expect(exchange.sent.contains("<ItemIdentifierValue>3123</ItemIdentifierValue>"))
    }

    @Test func aConnectionThatIsOffMakesNoCall() async throws {
        try await Self.withResponder { responder, client in
            var connection = Self.connection(responder.endpoint)
            connection.protocolName = "none"
            let exchange = await client.call(.lookupUser(patronId: "P 1"), on: connection)
            #expect(exchange.failure == "the library has no NCIP connection set up")
            #expect(responder.received.isEmpty)
        }
    }
}
