import Foundation
import Testing

@testable import ISO18626

/// The partner samples: each valid one decodes and re-encodes to a schema-valid v1.2 message with the same content;
/// each invalid one yields the ERROR its confirmation should carry.
@Suite struct SampleMessageTests {
    let codec = MessageCodec()

    /// The documented verdict on each sample that must be refused: error type and words its value must contain.
    static let refused: [String: (ErrorType, [String])] = [
        "samples/crosslink/reqmsg-invalid-action.xml": (.unrecognisedDataValue, ["action", "'WeCancelThisMessage'"]),
        "samples/crosslink/supmsg-invalid-status.xml": (
            .unrecognisedDataValue, ["statusInfo/status", "'WeCouldLoan'"]
        ),
        "samples/mod-rs/unfilledNotification.xml": (
            .unrecognisedDataValue, ["header/timestamp", "'timestamp_holder'"]
        ),
    ]

    @Test func everySampleIsCovered() throws {
        let paths = try Fixtures.samplePaths()
        #expect(paths.count == 20)
        #expect(Set(Self.refused.keys).isSubset(of: Set(paths)))
    }

    @Test(arguments: try Fixtures.samplePaths())
    func sampleDecodesOrIsRefusedAsDocumented(path: String) throws {
        let bytes = try Fixtures.bytes(path)
        if let (type, words) = Self.refused[path] {
            let error = #expect(throws: ISO18626Error.self) { try self.codec.decode(bytes) }
            #expect(error?.type == type)
            for word in words { #expect(error?.value.contains(word) == true, "\(error?.value ?? "") lacks \(word)") }
            return
        }
        _ = try self.codec.decode(bytes)
        let (_, envelope) = try self.codec.validatedEnvelope(bytes)
        let reencoded = self.codec.encode(envelope: envelope)
        _ = try Fixtures.validateAsVersion1_2(reencoded)
        try Fixtures.keepEmitted(reencoded, name: "reencoded-" + path.replacingOccurrences(of: "/", with: "-"))
        let (_, again) = try self.codec.validatedEnvelope(reencoded)
        #expect(again.children == envelope.children)
    }

    @Test func quirksOfRealPartnersAreAcceptedAndNormalised() throws {
        let (_, envelope) = try self.codec.validatedEnvelope(try Fixtures.bytes("samples/mod-rs/request.xml"))
        let header = try #require(envelope.child("request")?.child("header"))
        #expect(header.value("timestamp") == "1900-01-01T01:01:01+00:00")
        let withoutMultipleItem = try self.codec.validatedEnvelope(
            try Fixtures.bytes("samples/mod-rs/iso18626_req_1.xml")
        ).1
        #expect(withoutMultipleItem.child("request")?.child("header")?.child("multipleItemRequestId")?.text == "")
    }

    /// ReShare's ERROR confirmation leaves its optional `action` empty: read as absent, the error it carries stays.
    @Test func anErrorConfirmationWithAnEmptyActionIsRead() throws {
        let path = "samples/mod-rs/ProtocolMessageServiceSpec_requestingAgencyMessageConfirmation_ERROR.xml"
        guard case .requestingAgencyMessageConfirmation(let confirmation) = try self.codec.decode(Fixtures.bytes(path))
        else {
            Issue.record("not a confirmation")
            return
        }
        #expect(confirmation.action == nil)
        #expect(confirmation.status == .error)
        #expect(confirmation.error?.value == "RequestingAgencyRequestId cannot be empty")
    }

    @Test func typedFieldsAreRead() throws {
        guard
            case .supplyingAgencyMessage(let message) = try self.codec.decode(
                try Fixtures.bytes("samples/crosslink/supmsg-ok.xml"))
        else {
            Issue.record("not a SupplyingAgencyMessage")
            return
        }
        #expect(message.status == .loaned)
        #expect(message.reason == .statusChange)
        #expect(message.header.requestingAgency == AgencyID(type: "ISIL", value: "SUP_A"))
        #expect(message.header.requestingAgencyRequestID == "6ad1ff2e-bab2-4978-b064-656c0e67ebd6")
        #expect(message.delivery?.itemID == "12345")
    }
}
