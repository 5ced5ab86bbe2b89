import Foundation
import InterloanXML
import Testing

@testable import ISO18626

@Suite struct CodecTests {
    let codec = MessageCodec()
    let now = Date(timeIntervalSince1970: 1_796_040_000)

    var header: MessageHeader {
        MessageHeader(
            supplyingAgency: AgencyID(type: "ISIL", value: "US-NHGRF"),
            requestingAgency: AgencyID(type: "ISIL", value: "US-HHLX"),
            timestamp: self.now, requestingAgencyRequestID: "IL-7F3K2Q", supplyingAgencyRequestID: "77")
    }

    var everyKindOfMessage: [(String, ISO18626Message)] {
        let item = ItemDescription(
            title: "The Salt Atlas", author: "Ines Okafor", volume: "2", pages: "10-12", publisher: "Tidewater",
            identifiers: [("ISBN", "9780000000002"), ("OCLC", "12345")])
        let confirmationError = ISO18626Error(
            .unrecognisedDataValue, "requestingAgencyMessage/action: 'X' is not valid")
        return [
            (
                "request",
                .request(
                    RequestMessage(
                        header: self.header, item: item, service: .loan, needBefore: self.now,
                        note: "for a class <&>", requesterName: "Harbor and Hills", patron: PatronInfo(id: "P1")))
            ),
            (
                "sam-loaned",
                .supplyingAgencyMessage(
                    SupplyingAgencyMessage(
                        header: self.header, reason: .statusChange, status: .loaned, lastChange: self.now,
                        dueDate: self.now,
                        delivery: DeliveryInfo(dateSent: self.now, itemID: "1Z999", sentVia: "courier")))
            ),
            (
                "sam-renew",
                .supplyingAgencyMessage(
                    SupplyingAgencyMessage(
                        header: self.header, reason: .renewResponse, status: .loaned, lastChange: self.now,
                        answer: true,
                        dueDate: self.now))
            ),
            (
                "sam-unfilled",
                .supplyingAgencyMessage(
                    SupplyingAgencyMessage(
                        header: self.header, reason: .requestResponse, status: .unfilled, lastChange: self.now,
                        reasonUnfilled: "NotHeld"))
            ),
            (
                "ram-renew",
                .requestingAgencyMessage(
                    RequestingAgencyMessage(
                        header: self.header, action: .renew,
                        note: "Desired due date: 2027-01-15"))
            ),
            (
                "confirmation-ok",
                .requestConfirmation(
                    Confirmation(
                        kind: .request, supplyingAgency: self.header.supplyingAgency,
                        requestingAgency: self.header.requestingAgency,
                        timestamp: self.now, requestingAgencyRequestID: "IL-7F3K2Q", timestampReceived: self.now))
            ),
            (
                "confirmation-sam",
                .supplyingAgencyMessageConfirmation(
                    Confirmation(
                        kind: .supplyingAgencyMessage, supplyingAgency: nil, requestingAgency: nil, timestamp: self.now,
                        requestingAgencyRequestID: nil, timestampReceived: self.now, reasonForMessage: .statusChange))
            ),
            (
                "confirmation-error",
                .requestingAgencyMessageConfirmation(
                    Confirmation(
                        kind: .requestingAgencyMessage, supplyingAgency: nil, requestingAgency: nil,
                        timestamp: self.now,
                        requestingAgencyRequestID: nil, timestampReceived: self.now, error: confirmationError))
            ),
        ]
    }

    @Test func everyEmittedMessageIsValidVersion1_2AndReadsBackUnchanged() throws {
        for (name, message) in self.everyKindOfMessage {
            let bytes = self.codec.encode(message)
            _ = try Fixtures.validateAsVersion1_2(bytes)
            try Fixtures.keepEmitted(bytes, name: "emitted-\(name).xml")
            #expect(try self.codec.decode(bytes) == message, "\(name)")
        }
    }

    @Test func theEmittedRequestIsPinned() throws {
        let request = self.everyKindOfMessage[0].1
        let text = String(decoding: self.codec.encode(request), as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
                    + #"<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">"#
            ))
        #expect(text.contains("<timestamp>2026-11-30T12:00:00Z</timestamp>"))
        #expect(text.contains("<note>for a class &lt;&amp;&gt;</note>"))
    }

    @Test(arguments: [
        ("<html/>", ErrorType.badlyFormedMessage, "not ISO18626Message"),
        ("not xml at all", .badlyFormedMessage, "not well-formed XML"),
        (
            #"<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><requestingAgencyMessage><header/></requestingAgencyMessage></ISO18626Message>"#,
            .badlyFormedMessage, "the required element supplyingAgencyId is missing"
        ),
        (
            #"<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><request/></ISO18626Message>"#,
            .badlyFormedMessage, "the required attribute version is missing"
        ),
        (
            #"<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><request><header><flavour/></header></request></ISO18626Message>"#,
            .unrecognisedDataElement, "request/header/flavour"
        ),
        (
            #"<ISO18626Message xmlns="http://other.example/ns" version="1.2"/>"#, .badlyFormedMessage,
            "namespace http://other.example/ns"
        ),
    ])
    func badMessagesGetTheRightErrorType(document: String, type: ErrorType, words: String) {
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(Array(document.utf8)) }
        #expect(error?.type == type)
        #expect(error?.value.contains(words) == true, "\(error?.value ?? "")")
    }

    @Test func version2021_2MessagesAreRead() throws {
        let document = """
            <ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:i="http://illtransactions.org/2013/iso18626" i:version="2021-2">
            <supplyingAgencyMessage><header>
            <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-NHGRF</agencyIdValue></supplyingAgencyId>
            <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-HHLX</agencyIdValue></requestingAgencyId>
            <timestamp>2026-11-30T12:00:00Z</timestamp>
            <requestingAgencyRequestId>IL-7F3K2Q</requestingAgencyRequestId>
            </header>
            <messageInfo><reasonForMessage>StatusChange</reasonForMessage></messageInfo>
            <statusInfo><status>Loaned</status><lastChange>2026-11-30T12:00:00Z</lastChange></statusInfo>
            <deliveryInfo><dateSent>2026-11-30T12:00:00Z</dateSent><itemId>A1</itemId><itemId>A2</itemId>
            <deliveryMethod>courier</deliveryMethod></deliveryInfo>
            </supplyingAgencyMessage></ISO18626Message>
            """
        guard case .supplyingAgencyMessage(let message) = try self.codec.decode(Array(document.utf8)) else {
            Issue.record("not a SupplyingAgencyMessage")
            return
        }
        #expect(message.delivery?.sentVia == "courier")
        #expect(message.delivery?.itemID == "A1")
        #expect(message.header.multipleItemRequestID == "")
    }

    @Test func aHoldReturnActionOf2021_2IsUnsupported() {
        let document = """
            <ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="2021-2"><requestingAgencyMessage><header>
            <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>A</agencyIdValue></supplyingAgencyId>
            <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>B</agencyIdValue></requestingAgencyId>
            <timestamp>2026-11-30T12:00:00Z</timestamp><requestingAgencyRequestId>1</requestingAgencyRequestId>
            </header><action>HoldReturn</action></requestingAgencyMessage></ISO18626Message>
            """
        let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(Array(document.utf8)) }
        #expect(error?.type == .unsupportedActionType)
    }

    @Test func embeddedSchemasAreTheOfficialFiles() throws {
        func normalised(_ text: String) -> String {
            text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
        }
        #expect(normalised(OfficialSchemas.version1_2) == normalised(try Fixtures.text("ISO-18626-v1_2.xsd")))
        #expect(normalised(OfficialSchemas.version2021_2) == normalised(try Fixtures.text("ISO-18626-2021-2.xsd")))
        for version in SchemaVersion.allCases {
            #expect(version.schema.elements["ISO18626Message"] != nil)
            #expect(version.schema.targetNamespace == ISOProtocol.namespace)
        }
    }

    @Test func timestampsAcceptOffsetsWithOrWithoutColon() {
        #expect(DateTimeValue.date("2026-11-30T13:00:00+0100") == self.now)
        #expect(DateTimeValue.date("2026-11-30T07:00:00-05:00") == self.now)
        #expect(DateTimeValue.date("2026-11-30T12:00:00.000Z") == self.now)
        #expect(DateTimeValue.date("2026-02-30T12:00:00Z") == nil)
        #expect(DateTimeValue.format(self.now) == "2026-11-30T12:00:00Z")
    }
}
