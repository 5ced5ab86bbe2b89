import Foundation
import InterloanXML

/// An agency as ISO 18626 names it: a type (ISIL, OCLC, a network's own) and a value.
public struct AgencyID: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    /// `TYPE:VALUE`, as `interloan peers add --agency` takes it.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let type = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard !type.isEmpty, !value.isEmpty else { return nil }
        self.init(type: type, value: value)
    }

    public var description: String { "\(self.type):\(self.value)" }

    func write(_ name: String, to writer: inout XMLStreamWriter) {
        writer.open(name)
        writer.element("agencyIdType", self.type)
        writer.element("agencyIdValue", self.value)
        writer.close(name)
    }

    init?(_ node: XMLNode?) {
        guard let node, let value = node.value("agencyIdValue") else { return nil }
        self.init(type: node.value("agencyIdType") ?? "", value: value)
    }
}

/// The header of a Request, SupplyingAgencyMessage or RequestingAgencyMessage.
public struct MessageHeader: Sendable, Equatable {
    /// Optional only in 2021-2 Requests, where the requester may leave the choice to a broker.
    public var supplyingAgency: AgencyID?
    public var requestingAgency: AgencyID
    public var multipleItemRequestID: String
    public var timestamp: Date
    public var requestingAgencyRequestID: String
    public var supplyingAgencyRequestID: String?
    public var accountID: String?
    public var securityCode: String?

    public init(
        supplyingAgency: AgencyID?, requestingAgency: AgencyID, timestamp: Date, requestingAgencyRequestID: String,
        supplyingAgencyRequestID: String? = nil, multipleItemRequestID: String = "", accountID: String? = nil,
        securityCode: String? = nil
    ) {
        self.supplyingAgency = supplyingAgency
        self.requestingAgency = requestingAgency
        self.multipleItemRequestID = multipleItemRequestID
        self.timestamp = timestamp
        self.requestingAgencyRequestID = requestingAgencyRequestID
        self.supplyingAgencyRequestID = supplyingAgencyRequestID
        self.accountID = accountID
        self.securityCode = securityCode
    }

    /// The v1.2 header, in schema order.
    func write(to writer: inout XMLStreamWriter) {
        writer.open("header")
        (self.supplyingAgency ?? AgencyID(type: "", value: "")).write("supplyingAgencyId", to: &writer)
        self.requestingAgency.write("requestingAgencyId", to: &writer)
        writer.element("multipleItemRequestId", self.multipleItemRequestID)
        writer.element("timestamp", date: self.timestamp)
        writer.element("requestingAgencyRequestId", self.requestingAgencyRequestID)
        writer.element("supplyingAgencyRequestId", optional: self.supplyingAgencyRequestID)
        if self.accountID != nil || self.securityCode != nil {
            writer.open("requestingAgencyAuthentication")
            writer.element("accountId", optional: self.accountID)
            writer.element("securityCode", optional: self.securityCode)
            writer.close("requestingAgencyAuthentication")
        }
        writer.close("header")
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        guard let requester = AgencyID(node.child("requestingAgencyId")) else {
            throw ISO18626Error(.badlyFormedMessage, "header: requestingAgencyId has no agencyIdValue")
        }
        guard let timestamp = node.date("timestamp") else {
            throw ISO18626Error(.badlyFormedMessage, "header: the timestamp is missing")
        }
        self.init(
            supplyingAgency: AgencyID(node.child("supplyingAgencyId")), requestingAgency: requester,
            timestamp: timestamp, requestingAgencyRequestID: node.child("requestingAgencyRequestId")?.text ?? "",
            supplyingAgencyRequestID: node.value("supplyingAgencyRequestId"),
            multipleItemRequestID: node.child("multipleItemRequestId")?.text ?? "",
            accountID: node.child("requestingAgencyAuthentication")?.value("accountId"),
            securityCode: node.child("requestingAgencyAuthentication")?.value("securityCode"))
    }
}
