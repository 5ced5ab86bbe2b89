/// Everything that can be done to a request after it was placed; the raw values are the API's action names.
public enum Action: String, CaseIterable, Codable, Sendable {
    case willSupply
    case conditional
    case acceptConditions
    case rejectConditions
    case unfilled
    case ship
    case receive
    /// The borrower could not use the delivered file; the lender is asked to deliver it again.
    case resend
    case renew
    case answerRenewal
    case returnShip
    case checkIn
    case cancel
    case answerCancel
    case recall
    case reportLost
    case reportDamaged
    case route
    /// Past the copyright guidelines: the borrowing library pays the fee and the request goes on under copyright law.
    case payCopyrightFee
    /// Past the copyright guidelines: the borrowing library gets the copy another way; the request ends.
    case obtainElsewhere
    /// The lender let its response time pass; recorded by the scheduled job (or the team), the next lender is asked.
    case noAnswer

    /// The fields this action takes, in the order forms show them.
    public var fields: [ActionField] {
        switch self {
        case .willSupply, .acceptConditions: return [.note]
        case .conditional: return [ActionField(name: "note", kind: .text, isRequired: true, label: "Conditions")]
        case .payCopyrightFee:
            return [
                ActionField(name: "feeAmount", kind: .text, isRequired: true, label: "Fee paid (dollars)"),
                .note,
            ]
        case .obtainElsewhere:
            return [ActionField(name: "note", kind: .text, isRequired: true, label: "Where it will come from")]
        case .resend: return [ActionField(name: "note", kind: .text, isRequired: true, label: "What is wrong")]
        case .rejectConditions, .receive, .checkIn, .recall, .reportLost, .reportDamaged, .noAnswer: return [.note]
        case .unfilled:
            return [
                ActionField(name: "reason", kind: .choice(UnfilledReason.codes), isRequired: true, label: "Reason"),
                .note,
            ]
        case .ship:
            return [
                .carrier, .trackingNumber,
                ActionField(
                    name: "dueDate", kind: .date, isRequired: false,
                    label: "Due date (required for loans, unless your ILS gives it at check-out)"),
                ActionField(
                    name: "itemBarcode", kind: .text, isRequired: false,
                    label: "Item barcode (checked out in your ILS when it is connected)"),
                .note,
            ]
        case .renew:
            return [
                ActionField(name: "desiredDueDate", kind: .date, isRequired: true, label: "Renewal request date"),
                .note,
            ]
        case .answerRenewal:
            return [
                ActionField(name: "approve", kind: .boolean, isRequired: true, label: "Approve"),
                ActionField(
                    name: "dueDate", kind: .date, isRequired: false, label: "New due date (required to approve)"),
                .note,
            ]
        case .returnShip: return [.carrier, .trackingNumber, .note]
        case .cancel: return [ActionField(name: "reason", kind: .text, isRequired: false, label: "Reason")]
        case .answerCancel:
            return [ActionField(name: "approve", kind: .boolean, isRequired: true, label: "Agree to cancel"), .note]
        case .route:
            return [
                ActionField(name: "lenders", kind: .symbols, isRequired: true, label: "Lenders"),
                ActionField(name: "append", kind: .boolean, isRequired: false, label: "Add after the untried lenders"),
            ]
        }
    }
}

/// The carriers a shipment can travel by.
public enum Carrier: String, CaseIterable, Codable, Sendable {
    case courier
    case usps
    case other
    /// A copy delivered as a file through a download link; arrives the day it is sent.
    case electronic
}

/// One input of an action, declared once for validation, the API description and web forms.
public struct ActionField: Sendable, Equatable {
    /// The value shapes an action field can take.
    public enum Kind: Sendable, Equatable {
        case text
        case date
        case boolean
        case choice([String])
        /// A list of library symbols.
        case symbols
    }

    public let name: String
    public let kind: Kind
    public let isRequired: Bool
    public let label: String

    public init(name: String, kind: Kind, isRequired: Bool, label: String) {
        self.name = name
        self.kind = kind
        self.isRequired = isRequired
        self.label = label
    }

    static let note = ActionField(name: "note", kind: .text, isRequired: false, label: "Note")
    static let carrier = ActionField(
        name: "carrier", kind: .choice(Carrier.allCases.map(\.rawValue)), isRequired: true, label: "Carrier")
    static let trackingNumber = ActionField(
        name: "trackingNumber", kind: .text, isRequired: false, label: "Tracking number")
}
