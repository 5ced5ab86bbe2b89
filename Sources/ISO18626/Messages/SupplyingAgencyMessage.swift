import Foundation
import InterloanXML

/// A supplier's answer or news: a status, why it is sent, and for loans the shipping details.
public struct SupplyingAgencyMessage: Sendable, Equatable {
    public var header: MessageHeader
    public var reason: ReasonForMessage
    /// The answer to a Renew or Cancel (`answerYesNo`).
    public var answer: Bool?
    public var note: String?
    public var reasonUnfilled: String?
    public var reasonRetry: String?
    public var status: SupplierStatus
    public var expectedDelivery: Date?
    public var dueDate: Date?
    public var lastChange: Date
    public var delivery: DeliveryInfo?

    public init(
        header: MessageHeader, reason: ReasonForMessage, status: SupplierStatus, lastChange: Date, answer: Bool? = nil,
        note: String? = nil, reasonUnfilled: String? = nil, reasonRetry: String? = nil, expectedDelivery: Date? = nil,
        dueDate: Date? = nil, delivery: DeliveryInfo? = nil
    ) {
        self.header = header
        self.reason = reason
        self.answer = answer
        self.note = note
        self.reasonUnfilled = reasonUnfilled
        self.reasonRetry = reasonRetry
        self.status = status
        self.expectedDelivery = expectedDelivery
        self.dueDate = dueDate
        self.lastChange = lastChange
        self.delivery = delivery
    }

    func write(to writer: inout XMLStreamWriter) {
        writer.open("supplyingAgencyMessage")
        self.header.write(to: &writer)
        writer.open("messageInfo")
        writer.element("reasonForMessage", self.reason.rawValue)
        writer.element("answerYesNo", optional: self.answer.map { $0 ? "Y" : "N" })
        writer.element("note", optional: self.note)
        writer.element("reasonUnfilled", optional: self.reasonUnfilled)
        writer.element("reasonRetry", optional: self.reasonRetry)
        writer.close("messageInfo")
        writer.open("statusInfo")
        writer.element("status", self.status.rawValue)
        writer.element("expectedDeliveryDate", date: self.expectedDelivery)
        writer.element("dueDate", date: self.dueDate)
        writer.element("lastChange", date: self.lastChange)
        writer.close("statusInfo")
        self.delivery?.write(to: &writer)
        writer.close("supplyingAgencyMessage")
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        let info = node.child("messageInfo")
        let statusInfo = node.child("statusInfo")
        guard
            let reason = try info?.code(
                "reasonForMessage", ReasonForMessage.self,
                unsupported: .unsupportedReasonForMessageType)
        else { throw ISO18626Error(.badlyFormedMessage, "supplyingAgencyMessage: reasonForMessage is missing") }
        guard let status = try statusInfo?.code("status", SupplierStatus.self) else {
            throw ISO18626Error(.badlyFormedMessage, "supplyingAgencyMessage: status is missing")
        }
        self.init(
            header: try MessageHeader(node.child("header") ?? XMLNode(namespace: "", name: "header")),
            reason: reason, status: status,
            lastChange: statusInfo?.date("lastChange") ?? Date(timeIntervalSince1970: 0),
            answer: info?.value("answerYesNo").map { $0 == "Y" }, note: info?.value("note"),
            reasonUnfilled: info?.value("reasonUnfilled"),
            reasonRetry: info?.value("reasonRetry") ?? node.child("retryInfo")?.value("reasonRetry"),
            expectedDelivery: statusInfo?.date("expectedDeliveryDate"), dueDate: statusInfo?.date("dueDate"),
            delivery: node.child("deliveryInfo").map(DeliveryInfo.init))
    }
}

/// How and when an item was sent.
public struct DeliveryInfo: Sendable, Equatable {
    public var dateSent: Date
    /// The item's barcode or, as Interloan uses it, the parcel's tracking number.
    public var itemID: String?
    /// `sentVia` in v1.2, `deliveryMethod` in 2021-2.
    public var sentVia: String?

    public init(dateSent: Date, itemID: String? = nil, sentVia: String? = nil) {
        self.dateSent = dateSent
        self.itemID = itemID
        self.sentVia = sentVia
    }

    func write(to writer: inout XMLStreamWriter) {
        writer.open("deliveryInfo")
        writer.element("dateSent", date: self.dateSent)
        writer.element("itemId", optional: self.itemID)
        writer.element("sentVia", optional: self.sentVia)
        writer.close("deliveryInfo")
    }

    init(_ node: XMLNode) {
        self.init(
            dateSent: node.date("dateSent") ?? Date(timeIntervalSince1970: 0), itemID: node.value("itemId"),
            sentVia: node.value("sentVia") ?? node.value("deliveryMethod"))
    }
}
