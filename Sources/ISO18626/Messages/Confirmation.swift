import Foundation

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

    func node() -> XMLNode {
        let header = XMLNode.iso(
            "confirmationHeader",
            [
                self.supplyingAgency?.node("supplyingAgencyId"),
                self.requestingAgency?.node("requestingAgencyId"),
                .iso("timestamp", date: self.timestamp),
                .iso("requestingAgencyRequestId", optional: self.requestingAgencyRequestID),
                .iso("timestampReceived", date: self.timestampReceived),
                .iso("messageStatus", text: self.status.rawValue),
            ])
        let errorData = self.error.map { error in
            XMLNode.iso(
                "errorData", [.iso("errorType", text: error.type.rawValue), .iso("errorValue", text: error.value)])
        }
        return .iso(
            self.kind.rawValue,
            [
                header,
                self.kind == .supplyingAgencyMessage ? .iso("reasonForMessage", optional: self.reasonForMessage?.rawValue) : nil,
                self.kind == .requestingAgencyMessage ? .iso("action", optional: self.action?.rawValue) : nil,
                errorData,
            ])
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
