import Foundation
import ISO18626
import NIOCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// `POST /iso18626` on one server, with a registered partner PEER (`ISIL:US-PEER`) whose endpoint is never
    /// reached (nothing is delivered in these tests).
    @Suite struct ISO18626EndpointTests {
        let peer = AgencyID(type: "ISIL", value: "US-PEER")
        let consortium = AgencyID(type: "ISIL", value: "US-TEST")

        func withPartner(_ body: (TestContext, String) async throws -> Void) async throws {
            try await withTestApp { context in
                let (_, credential) = try await PartnerRegistry(app: context.app).add(
                    agency: self.peer, name: "Peer State Library", endpoint: "http://127.0.0.1:9/iso18626",
                    symbol: "PEER")
                try await body(context, credential)
                try await EmittedXML.keepOutbox(of: context.app, name: "outbox")
            }
        }

        func requestMessage(id: String = "PEER-1", timestamp: Date = testNow, securityCode: String? = nil) -> [UInt8] {
            MessageCodec().encode(
                .request(
                    RequestMessage(
                        header: MessageHeader(
                            supplyingAgency: self.consortium, requestingAgency: self.peer, timestamp: timestamp,
                            requestingAgencyRequestID: id, securityCode: securityCode),
                        item: ItemDescription(
                            title: "Tide Tables of the North", identifiers: [("ISBN", "9780000000019")]),
                        service: .loan, patron: PatronInfo(id: "P-77"))))
        }

        func action(_ action: RequesterAction, id: String = "PEER-1") -> [UInt8] {
            MessageCodec().encode(
                .requestingAgencyMessage(
                    RequestingAgencyMessage(
                        header: MessageHeader(
                            supplyingAgency: self.consortium, requestingAgency: self.peer, timestamp: testNow,
                            requestingAgencyRequestID: id),
                        action: action)))
        }

        /// Posts bytes and returns the HTTP status with the decoded confirmation.
        func post(
            _ bytes: [UInt8], on context: TestContext, credential: String?, contentType: String = "application/xml"
        ) async throws -> (HTTPStatus, ISO18626.Confirmation?) {
            var headers = HTTPHeaders([("Content-Type", contentType)])
            if let credential { headers.bearerAuthorization = BearerAuthorization(token: credential) }
            var result: (HTTPStatus, ISO18626.Confirmation?) = (.internalServerError, nil)
            try await context.app.testing().test(.POST, "/iso18626", headers: headers, body: ByteBuffer(bytes: bytes)) {
                response in
                try EmittedXML.keep(Array(buffer: response.body), name: "confirmation")
                var confirmation: ISO18626.Confirmation?
                switch try? MessageCodec().decode(Array(buffer: response.body)) {
                case .requestConfirmation(let answer), .requestingAgencyMessageConfirmation(let answer),
                    .supplyingAgencyMessageConfirmation(let answer):
                    confirmation = answer
                default: confirmation = nil
                }
                result = (response.status, confirmation)
            }
            return result
        }

        func referrals(_ context: TestContext, _ partnerID: String = "PEER-1") async throws -> [[String: Any]] {
            let (_, body) = try await context.call(.GET, "/api/v1/requests?q=\(partnerID)", as: "TEAM")
            return (body as? [String: Any])?["items"] as? [[String: Any]] ?? []
        }

        @Test func aPartnersRequestBecomesAnOutOfStateReferral() async throws {
            try await self.withPartner { context, credential in
                let (status, confirmation) = try await self.post(
                    self.requestMessage(), on: context, credential: credential)
                #expect(status == .ok)
                #expect(confirmation?.status == .ok)
                #expect(confirmation?.kind == .request)
                #expect(confirmation?.requestingAgencyRequestID == "PEER-1")
                let found = try await self.referrals(context)
                #expect(found.count == 1)
                #expect(found.first?["borrower"] as? String == "PEER")
                #expect(found.first?["status"] as? String == "needsLender")
                #expect(found.first?["title"] as? String == "Tide Tables of the North")
                #expect(found.first?["isbn"] as? String == "9780000000019")
            }
        }

        @Test func aRepeatedMessageIsConfirmedTwiceAndAppliedOnce() async throws {
            try await self.withPartner { context, credential in
                for _ in 0..<2 {
                    let (status, confirmation) = try await self.post(
                        self.requestMessage(), on: context, credential: credential)
                    #expect(status == .ok)
                    #expect(confirmation?.status == .ok)
                }
                #expect(try await self.referrals(context).count == 1)
                // The same request id with a new timestamp is another message, and a conflict.
                let (_, again) = try await self.post(
                    self.requestMessage(timestamp: testNow.addingTimeInterval(60)), on: context, credential: credential)
                #expect(again?.error?.type == .unrecognisedDataValue)
                #expect(try await self.referrals(context).count == 1)
            }
        }

        @Test func theSameMessageDeliveredTwiceAtOnceIsAppliedOnce() async throws {
            try await self.withPartner { context, credential in
                async let first = self.post(self.requestMessage(), on: context, credential: credential)
                async let second = self.post(self.requestMessage(), on: context, credential: credential)
                let answers = try await [first, second]
                #expect(answers.map(\.0) == [.ok, .ok])
                #expect(answers.map { $0.1?.status } == [.ok, .ok])
                #expect(try await self.referrals(context).count == 1)
            }
        }

        @Test func messagesFromUnknownOrUnauthenticatedSendersAreNeverApplied() async throws {
            try await self.withPartner { context, credential in
                let (anonymous, refusal) = try await self.post(self.requestMessage(), on: context, credential: nil)
                #expect(anonymous == .unauthorized)
                #expect(refusal?.status == .error)
                let (wrong, _) = try await self.post(
                    self.requestMessage(), on: context, credential: "il_not-a-credential")
                #expect(wrong == .unauthorized)
                // A credential in the HTTP header is checked before the body is read: an unknown sender's body,
                // however malformed, costs no parse and earns no syntax report.
                let (unread, unreadRefusal) = try await self.post(
                    Array("<not even XML".utf8), on: context, credential: "il_not-a-credential")
                #expect(unread == .unauthorized)
                #expect(unreadRefusal?.error?.value.contains("not a registered partner") == true)
                // A partner's credential does not let it speak for another agency.
                let (_, impostor) = try await self.post(
                    MessageCodec().encode(
                        .request(
                            RequestMessage(
                                header: MessageHeader(
                                    supplyingAgency: self.consortium,
                                    requestingAgency: AgencyID(type: "ISIL", value: "US-OTHER"),
                                    timestamp: testNow, requestingAgencyRequestID: "X-1"),
                                item: ItemDescription(title: "x"), service: .loan))),
                    on: context, credential: credential)
                #expect(impostor?.error?.type == .unrecognisedDataValue)
                #expect(try await self.referrals(context).isEmpty)
                #expect(try await self.referrals(context, "X-1").isEmpty)
                // The credential may also travel in the header's security code.
                let (viaHeader, accepted) = try await self.post(
                    self.requestMessage(securityCode: credential), on: context, credential: nil)
                #expect(viaHeader == .ok)
                #expect(accepted?.status == .ok)
            }
        }

        @Test func aRequestIdOfNoRequestIsAnUnrecognisedValue() async throws {
            try await self.withPartner { context, credential in
                let (status, confirmation) = try await self.post(
                    self.action(.received, id: "NOPE"), on: context, credential: credential)
                #expect(status == .ok)
                #expect(confirmation?.kind == .requestingAgencyMessage)
                #expect(confirmation?.error?.type == .unrecognisedDataValue)
                #expect(confirmation?.error?.value.contains("NOPE") == true)
            }
        }

        @Test func aStatusRequestIsAnsweredWithTheCurrentStatus() async throws {
            try await self.withPartner { context, credential in
                _ = try await self.post(self.requestMessage(), on: context, credential: credential)
                let (_, confirmation) = try await self.post(
                    self.action(.statusRequest), on: context, credential: credential)
                #expect(confirmation?.status == .ok)
                #expect(confirmation?.action == .statusRequest)
                let id = try #require(try await self.referrals(context).first?["id"] as? String)
                let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)/messages", as: "TEAM")
                let messages = body as? [[String: Any]] ?? []
                #expect(messages.map { $0["summary"] as? String } == ["StatusRequestResponse: RequestReceived"])
                #expect(messages.first?["state"] as? String == "pending")
            }
        }

        @Test func aPartnersCancelBeforeAnyAnswerCancelsAtOnce() async throws {
            try await self.withPartner { context, credential in
                _ = try await self.post(self.requestMessage(), on: context, credential: credential)
                let (_, confirmation) = try await self.post(self.action(.cancel), on: context, credential: credential)
                #expect(confirmation?.status == .ok)
                let request = try #require(try await self.referrals(context).first)
                #expect(request["status"] as? String == "cancelled")
            }
        }

        @Test(arguments: HostileDocument.all)
        func hostileDocumentsAreBadlyFormedMessages(hostile: HostileDocument) async throws {
            try await self.withPartner { context, credential in
                let (status, confirmation) = try await self.post(
                    Array(hostile.text.utf8), on: context, credential: credential)
                #expect(status == .ok)
                #expect(confirmation?.error?.type == .badlyFormedMessage)
                #expect(
                    confirmation?.error?.value.contains(hostile.words) == true, "\(confirmation?.error?.value ?? "")")
            }
        }

        @Test func randomBytesAreBadlyFormedMessages() async throws {
            try await self.withPartner { context, credential in
                var generator = SystemRandomNumberGenerator()
                for _ in 0..<20 {
                    let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    let (status, confirmation) = try await self.post(bytes, on: context, credential: credential)
                    #expect(status == .ok)
                    #expect(confirmation?.error?.type == .badlyFormedMessage)
                }
            }
        }

        @Test func oversizedBodiesAndOtherMediaTypesAreRefused() async throws {
            try await self.withPartner { context, credential in
                let large = Array("<r>".utf8) + [UInt8](repeating: 0x61, count: 5 * 1024 * 1024) + Array("</r>".utf8)
                let (tooLarge, _) = try await self.post(large, on: context, credential: credential)
                #expect(tooLarge == .payloadTooLarge)
                let (wrongType, confirmation) = try await self.post(
                    self.requestMessage(), on: context, credential: credential, contentType: "application/json")
                #expect(wrongType == .unsupportedMediaType)
                #expect(confirmation?.error?.type == .badlyFormedMessage)
                let (textXML, accepted) = try await self.post(
                    self.requestMessage(), on: context, credential: credential, contentType: "text/xml; charset=utf-8")
                #expect(textXML == .ok)
                #expect(accepted?.status == .ok)
            }
        }
    }
}

/// A hostile document, named in test output by what it is rather than by its (sometimes huge) text.
struct HostileDocument: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    /// Words the ERROR's value must contain.
    let words: String

    var testDescription: String { self.name }

    static let all: [HostileDocument] = [
        HostileDocument(
            name: "XXE",
            text: "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
            words: "DTD"),
        HostileDocument(
            name: "entity expansion",
            text: "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><r>&c;</r>",
            words: "DTD"),
        HostileDocument(
            name: "50,000 nested elements",
            text: String(repeating: "<a>", count: 50_000) + String(repeating: "</a>", count: 50_000),
            words: "nest deeper"),
        HostileDocument(name: "control bytes", text: "\u{0}\u{1}\u{2}garbage\u{FF}", words: "not well-formed"),
        HostileDocument(
            name: "truncated message", text: "<request xmlns=\"http://illtransactions.org/2013/iso18626\"><header>",
            words: "not well-formed"),
    ]
}
