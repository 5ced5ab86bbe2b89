import InterloanXML

/// A requester's action on a request it placed: received, renew, cancel, shipped back, a question or a note.
public struct RequestingAgencyMessage: Sendable, Equatable {
    public var header: MessageHeader
    public var action: RequesterAction
    public var note: String?

    public init(header: MessageHeader, action: RequesterAction, note: String? = nil) {
        self.header = header
        self.action = action
        self.note = note
    }

    func write(to writer: inout XMLStreamWriter) {
        writer.open("requestingAgencyMessage")
        self.header.write(to: &writer)
        writer.element("action", self.action.rawValue)
        writer.element("note", optional: self.note)
        writer.close("requestingAgencyMessage")
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        guard let action = try node.code("action", RequesterAction.self, unsupported: .unsupportedActionType) else {
            throw ISO18626Error(.badlyFormedMessage, "requestingAgencyMessage: action is missing")
        }
        self.init(
            header: try MessageHeader(node.child("header") ?? XMLNode(namespace: "", name: "header")),
            action: action, note: node.value("note"))
    }
}
