import InterloanXML

/// One of the six ISO 18626 messages.
public enum ISO18626Message: Sendable, Equatable {
    case request(RequestMessage)
    case requestConfirmation(Confirmation)
    case supplyingAgencyMessage(SupplyingAgencyMessage)
    case supplyingAgencyMessageConfirmation(Confirmation)
    case requestingAgencyMessage(RequestingAgencyMessage)
    case requestingAgencyMessageConfirmation(Confirmation)

    /// The element names of the six messages, as the envelope's choice lists them.
    public static let elementNames: Set<String> = [
        "request", "requestConfirmation", "supplyingAgencyMessage", "supplyingAgencyMessageConfirmation",
        "requestingAgencyMessage", "requestingAgencyMessageConfirmation",
    ]

    /// The message element, in v1.2 form.
    func write(to writer: inout XMLStreamWriter) {
        switch self {
        case .request(let message): message.write(to: &writer)
        case .supplyingAgencyMessage(let message): message.write(to: &writer)
        case .requestingAgencyMessage(let message): message.write(to: &writer)
        case .requestConfirmation(let confirmation), .supplyingAgencyMessageConfirmation(let confirmation),
            .requestingAgencyMessageConfirmation(let confirmation):
            confirmation.write(to: &writer)
        }
    }

    init(_ node: XMLNode) throws(ISO18626Error) {
        switch node.name {
        case "request": self = .request(try RequestMessage(node))
        case "supplyingAgencyMessage": self = .supplyingAgencyMessage(try SupplyingAgencyMessage(node))
        case "requestingAgencyMessage": self = .requestingAgencyMessage(try RequestingAgencyMessage(node))
        case "requestConfirmation": self = .requestConfirmation(try Confirmation(node, kind: .request))
        case "supplyingAgencyMessageConfirmation":
            self = .supplyingAgencyMessageConfirmation(try Confirmation(node, kind: .supplyingAgencyMessage))
        case "requestingAgencyMessageConfirmation":
            self = .requestingAgencyMessageConfirmation(try Confirmation(node, kind: .requestingAgencyMessage))
        default:
            throw ISO18626Error(.unrecognisedDataElement, "\(node.name) is not an ISO 18626 message")
        }
    }
}
