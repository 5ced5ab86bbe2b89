import Foundation
import InterloanXML

/// The immediate answer to a message: OK, or ERROR with what was wrong.
public struct Confirmation: Sendable, Equatable {
    /// Which message this confirms.
    public enum Kind: String, Sendable {
        case request = "requestConfirmation"
        case supplyingAgencyMessage = "supplyingAgencyMessageConfirmation"
        case requestingAgencyMessage = "requestingAgencyMessageConfirmation"
    }

    public var kind: Kind
    public var supplyingAgency: AgencyID?
    public var requestingAgency: AgencyID?
    public var timestamp: Date
    public var requestingAgencyRequestID: String?
    public var timestampReceived: Date
    public var status: MessageStatus
    /// Echoed from a SupplyingAgencyMessage.
    public var reasonForMessage: ReasonForMessage?
    /// Echoed from a RequestingAgencyMessage.
    public var action: RequesterAction?
    public var error: ISO18626Error?

    public init(
        kind: Kind, supplyingAgency: AgencyID?, requestingAgency: AgencyID?, timestamp: Date,
        requestingAgencyRequestID: String?, timestampReceived: Date, error: ISO18626Error? = nil,
        reasonForMessage: ReasonForMessage? = nil, action: RequesterAction? = nil
    ) {
        self.kind = kind
        self.supplyingAgency = supplyingAgency
        self.requestingAgency = requestingAgency
        self.timestamp = timestamp
        self.requestingAgencyRequestID = requestingAgencyRequestID
        self.timestampReceived = timestampReceived
        self.status = error == nil ? .ok : .error
        self.reasonForMessage = reasonForMessage
        self.action = action
        self.error = error
    }

    func write(to writer: inout XMLStreamWriter) {
        writer.open(self.kind.rawValue)
        writer.open("confirmationHeader")
        self.supplyingAgency?.write("supplyingAgencyId", to: &writer)
        self.requestingAgency?.write("requestingAgencyId", to: &writer)
        writer.element("timestamp", date: self.timestamp)
        writer.element("requestingAgencyRequestId", optional: self.requestingAgencyRequestID)
        writer.element("timestampReceived", date: self.timestampReceived)
        writer.element("messageStatus", self.status.rawValue)
        writer.close("confirmationHeader")
        if self.kind == .supplyingAgencyMessage {
            writer.element("reasonForMessage", optional: self.reasonForMessage?.rawValue)
        }
        if self.kind == .requestingAgencyMessage { writer.element("action", optional: self.action?.rawValue) }
        if let error = self.error {
            writer.open("errorData")
            writer.element("errorType", error.type.rawValue)
            writer.element("errorValue", error.value)
            writer.close("errorData")
        }
        writer.close(self.kind.rawValue)
    }

    init(_ node: XMLNode, kind: Kind) throws(ISO18626Error) {
        let header = node.child("confirmationHeader")
        let errorData = node.children("errorData").first
        var error: ISO18626Error?
        if let errorData {
            let type = try errorData.code("errorType", ErrorType.self) ?? .badlyFormedMessage
            error = ISO18626Error(type, errorData.value("errorValue") ?? "")
        }
        self.init(
            kind: kind, supplyingAgency: AgencyID(header?.child("supplyingAgencyId")),
            requestingAgency: AgencyID(header?.child("requestingAgencyId")),
            timestamp: header?.date("timestamp") ?? Date(timeIntervalSince1970: 0),
            requestingAgencyRequestID: header?.value("requestingAgencyRequestId"),
            timestampReceived: header?.date("timestampReceived") ?? Date(timeIntervalSince1970: 0), error: error,
            reasonForMessage: try node.code("reasonForMessage", ReasonForMessage.self),
            action: try node.code("action", RequesterAction.self))
        if header?.value("messageStatus") == MessageStatus.error.rawValue, self.error == nil {
            self.error = ISO18626Error(.badlyFormedMessage, "")
        }
        self.status = header?.value("messageStatus") == MessageStatus.error.rawValue ? .error : .ok
    }
}
