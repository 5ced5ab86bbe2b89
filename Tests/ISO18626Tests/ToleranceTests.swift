import Foundation
import InterloanXML
import Testing

@testable import ISO18626

/// The harmless quirks of real senders (docs/iso18626.md), each accepted on its own; and the limits of that
/// tolerance: missing required content and values outside closed lists are still refused.
@Suite struct ToleranceTests {
    let codec = MessageCodec()

    static func sample(_ name: String) throws -> String {
        String(decoding: try Fixtures.bytes("samples/crosslink/\(name)"), as: UTF8.self)
    }

    /// The sample with `old` replaced by `new`, which must be there.
    static func edited(_ name: String, _ old: String, _ new: String) throws -> [UInt8] {
        let text = try Self.sample(name)
        try #require(text.contains(old), "\(name) holds \(old)")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    func supplierMessage(_ bytes: [UInt8]) throws -> SupplyingAgencyMessage {
        guard case .supplyingAgencyMessage(let message) = try self.codec.decode(bytes) else {
            Issue.record("not a supplying agency message")
            throw ISO18626Error(.badlyFormedMessage, "wrong kind")
        }
        return message
    }

    func request(_ bytes: [UInt8]) throws -> RequestMessage {
        guard case .request(let message) = try self.codec.decode(bytes) else {
            Issue.record("not a request")
            throw ISO18626Error(.badlyFormedMessage, "wrong kind")
        }
        return message
    }

    @Test func anEmptyAnswerInAMessageThatIsNoAnswerIsAbsent() throws {
        let bytes = try Self.edited(
            "supmsg-ok.xml", "<reasonForMessage>StatusChange</reasonForMessage>",
            "<reasonForMessage>StatusChange</reasonForMessage><answerYesNo></answerYesNo>")
        #expect(try self.supplierMessage(bytes).answer == nil)
        let (_, envelope) = try self.codec.validatedEnvelope(bytes)
        _ = try Fixtures.validateAsVersion1_2(self.codec.encode(envelope: envelope))
    }

    @Test func anEmptyNeedBeforeDateIsAbsent() throws {
        let bytes = try Self.edited(
            "example.xml", "<serviceType>Loan</serviceType>", "<serviceType>Loan</serviceType><needBeforeDate/>")
        #expect(try self.request(bytes).needBefore == nil)
    }

    @Test func anEmptyAuthorIdOfVersion2021IsAbsent() throws {
        let text = try Self.sample("example.xml")
            .replacingOccurrences(of: #"ill:version="1.2""#, with: #"ill:version="2021-2""#)
        let bytes = Array(
            text.replacingOccurrences(
                of: "<author>JRR Tolkien</author>", with: "<author>JRR Tolkien</author><authorId></authorId>"
            ).utf8)
        let (_, envelope) = try self.codec.validatedEnvelope(bytes)
        #expect(envelope.child("request")?.child("bibliographicInfo")?.child("authorId") == nil)
    }

    @Test func aMessageInNoNamespaceIsReadAsISO18626() throws {
        let text = try Self.sample("supmsg-ok.xml")
            .replacingOccurrences(of: #"xmlns="http://illtransactions.org/2013/iso18626""#, with: "")
        let message = try self.supplierMessage(Array(text.utf8))
        #expect(message.status == .loaned)
    }

    @Test func aBareMessageInNoNamespaceIsReadToo() throws {
        let text = """
            <supplyingAgencyMessage><header><supplyingAgencyId><agencyIdType>ISIL</agencyIdType>\
            <agencyIdValue>S1</agencyIdValue></supplyingAgencyId><requestingAgencyId><agencyIdType>ISIL</agencyIdType>\
            <agencyIdValue>R1</agencyIdValue></requestingAgencyId><multipleItemRequestId/>\
            <timestamp>2026-12-04T10:00:00Z</timestamp><requestingAgencyRequestId>R-1</requestingAgencyRequestId>\
            </header><messageInfo><reasonForMessage>StatusChange</reasonForMessage></messageInfo>\
            <statusInfo><status>Unfilled</status><lastChange>2026-12-04T10:00:00Z</lastChange></statusInfo>\
            </supplyingAgencyMessage>
            """
        #expect(try self.supplierMessage(Array(text.utf8)).status == .unfilled)
    }

    @Test func anEmptySchemeIsDroppedWhereTheElementDeclaresNone() throws {
        let bytes = try Self.edited(
            "example.xml", "<serviceType>Loan</serviceType>", #"<serviceType ill:scheme="">Loan</serviceType>"#)
        let (_, envelope) = try self.codec.validatedEnvelope(bytes)
        #expect(envelope.child("request")?.child("serviceInfo")?.child("serviceType")?.attributes == [])
    }

    @Test func identifierPairsAreReadInEitherOrder() throws {
        let bytes = try Self.edited(
            "example.xml",
            """
            <bibliographicItemIdentifier>1983</bibliographicItemIdentifier>
                    <bibliographicItemIdentifierCode>ISBN</bibliographicItemIdentifierCode>
            """,
            """
            <bibliographicItemIdentifierCode>ISBN</bibliographicItemIdentifierCode>
                    <bibliographicItemIdentifier>1983</bibliographicItemIdentifier>
            """)
        #expect(try self.request(bytes).item.identifiers.map { "\($0.code) \($0.value)" } == ["ISBN 1983"])
        let (_, envelope) = try self.codec.validatedEnvelope(bytes)
        let pair = envelope.child("request")?.child("bibliographicInfo")?.child("bibliographicItemId")
        #expect(pair?.children.map(\.name) == ["bibliographicItemIdentifier", "bibliographicItemIdentifierCode"])
    }

    @Test func aMissingRequiredElementIsStillRefused() throws {
        let bytes = try Self.edited("example.xml", "<serviceType>Loan</serviceType>", "")
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(bytes) }
        #expect(error?.type == .badlyFormedMessage)
        #expect(error?.value.contains("serviceType is missing") == true)
    }

    @Test func anEmptyRequiredElementIsStillRefused() throws {
        let bytes = try Self.edited("reqmsg-ok.xml", "<action>Cancel</action>", "<action></action>")
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(bytes) }
        #expect(error?.type == .unrecognisedDataValue)
        #expect(error?.value.contains("action") == true)
    }

    @Test func aValueOutsideAClosedListIsStillRefused() throws {
        let bytes = try Self.edited(
            "supmsg-ok.xml", "<reasonForMessage>StatusChange</reasonForMessage>",
            "<reasonForMessage>StatusChange</reasonForMessage><answerYesNo>Maybe</answerYesNo>")
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(bytes) }
        #expect(error?.type == .unrecognisedDataValue)
        #expect(error?.value.contains("'Maybe'") == true)
    }

    @Test func anElementInAnotherNamespaceIsStillRefused() throws {
        let text = try Self.sample("supmsg-ok.xml")
            .replacingOccurrences(of: #"xmlns="http://illtransactions.org/2013/iso18626""#, with: #"xmlns="urn:other""#)
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(Array(text.utf8)) }
        #expect(error?.value.contains("urn:other") == true)
    }
}
