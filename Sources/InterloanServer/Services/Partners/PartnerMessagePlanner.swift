import ISO18626
import InterloanCore

/// A message to a partner decided from a lifecycle change, before it gets its header and body.
enum PartnerDraft: Equatable, Sendable {
    /// Ask the partner, now the current lender, for the item.
    case request
    /// As supplier, tell the partner that borrows what happened.
    case supplying(SupplyingDraft)
    /// As requester, tell the partner that lends what the borrower did.
    case requesting(RequesterAction, note: String?)

    /// The message's gist for the request's history.
    var summary: String {
        switch self {
        case .request: return "Request"
        case .supplying(let draft):
            return draft.reason == .statusChange
                ? draft.status.rawValue : "\(draft.reason.rawValue): \(draft.status.rawValue)"
        case .requesting(let action, _): return action.rawValue
        }
    }
}

/// The content of a SupplyingAgencyMessage Interloan sends as supplier.
struct SupplyingDraft: Equatable, Sendable {
    var reason: ReasonForMessage
    var status: SupplierStatus
    var answer: Bool?
    var note: String?
    var reasonUnfilled: String?
    var dueDate: Day?
    var shipment: Shipment?

    init(
        _ reason: ReasonForMessage, _ status: SupplierStatus, answer: Bool? = nil, note: String? = nil,
        reasonUnfilled: String? = nil, dueDate: Day? = nil, shipment: Shipment? = nil
    ) {
        self.reason = reason
        self.status = status
        self.answer = answer
        self.note = note
        self.reasonUnfilled = reasonUnfilled
        self.dueDate = dueDate
        self.shipment = shipment
    }
}

/// A draft addressed to one partner, by its library symbol.
struct PlannedMessage: Equatable, Sendable {
    let partner: String
    let draft: PartnerDraft
}

/// Which ISO 18626 messages a lifecycle change sends: pure, so every rule is tested without a network.
///
/// As supplier (an out-of-state partner borrows, a member lends) the member's answers, shipment, renewal and
/// cancel answers and check-in become SupplyingAgencyMessages. As requester (a member borrows, a partner lends)
/// asking the partner is a Request and the borrower's receipt, renewal request, cancel and return become
/// RequestingAgencyMessages. Changes made by a partner's own message are never echoed back to it.
enum PartnerMessagePlanner {
    static func plan(
        action: String, arguments: Arguments, before: RequestState?, after: RequestState, actor: ActingParty,
        isPartner: (String) -> Bool
    ) -> [PlannedMessage] {
        var planned: [PlannedMessage] = []
        if isPartner(after.borrower) {
            if let draft = self.supplierDraft(action, arguments, before, after, actor: actor) {
                planned.append(PlannedMessage(partner: after.borrower, draft: draft))
            }
        }
        if let lender = before?.currentLender, isPartner(lender), lender != actor.librarySymbol,
            let draft = self.requesterDraft(action, arguments, before!, after)
        {
            planned.append(PlannedMessage(partner: lender, draft: .requesting(draft.0, note: draft.1)))
        }
        if after.status == .sentToLender, let lender = after.currentLender, isPartner(lender),
            before?.currentLenderIndex != after.currentLenderIndex || before?.status != .sentToLender
        {
            planned.append(PlannedMessage(partner: lender, draft: .request))
        }
        return planned
    }

    private static func supplierDraft(
        _ action: String, _ arguments: Arguments, _ before: RequestState?, _ after: RequestState, actor: ActingParty
    ) -> PartnerDraft? {
        let note = arguments.text("note")
        switch Action(rawValue: action) {
        case .willSupply:
            return .supplying(SupplyingDraft(.requestResponse, .willSupply, note: note))
        case .conditional:
            return .supplying(SupplyingDraft(.requestResponse, .expectToSupply, note: ConditionsNote.text(note ?? "")))
        case .unfilled where after.status == .needsLender:
            return .supplying(
                SupplyingDraft(.requestResponse, .unfilled, note: note, reasonUnfilled: arguments.text("reason")))
        case .ship:
            let shipment = after.shipments.last
            return after.serviceType == .loan
                ? .supplying(SupplyingDraft(.statusChange, .loaned, dueDate: after.dueDate, shipment: shipment))
                : .supplying(SupplyingDraft(.statusChange, .copyCompleted, shipment: shipment))
        case .answerRenewal:
            let approved = arguments.boolean("approve") == true
            return .supplying(
                SupplyingDraft(.renewResponse, .loaned, answer: approved, note: note, dueDate: after.dueDate))
        case .answerCancel:
            let agreed = arguments.boolean("approve") == true
            return .supplying(
                SupplyingDraft(.cancelResponse, agreed ? .cancelled : .willSupply, answer: agreed, note: note))
        case .cancel where after.status == .cancelled:
            return actor.librarySymbol == after.borrower
                ? .supplying(SupplyingDraft(.cancelResponse, .cancelled, answer: true))
                : .supplying(SupplyingDraft(.statusChange, .cancelled, note: arguments.text("reason")))
        case .checkIn:
            return .supplying(SupplyingDraft(.statusChange, .loanCompleted))
        case .recall:
            return .supplying(SupplyingDraft(.statusChange, .recalled, note: note))
        default:
            return nil
        }
    }

    private static func requesterDraft(
        _ action: String, _ arguments: Arguments, _ before: RequestState, _ after: RequestState
    ) -> (RequesterAction, String?)? {
        switch Action(rawValue: action) {
        case .receive:
            return (.received, nil)
        case .renew:
            return (.renew, arguments.date("desiredDueDate").map { RenewNote.text(desiredDueDate: $0) })
        case .cancel, .rejectConditions:
            return (.cancel, arguments.text("reason"))
        case .route where before.status == .sentToLender:
            return (.cancel, "withdrawn: the request was routed to another lender")
        case .noAnswer:
            return (.cancel, "no answer within the response time")
        case .acceptConditions:
            return (.notification, ConditionsNote.accepted)
        case .returnShip:
            let shipment = after.shipments.last
            let tracking = shipment?.trackingNumber.map { ", tracking number \($0)" } ?? ""
            return (.shippedReturn, "Returned by \(shipment?.carrier.rawValue ?? "other")\(tracking)")
        case .reportLost:
            return (.notification, "The borrowing library reports the item lost")
        default:
            return nil
        }
    }
}

/// ISO 18626 v1.2 has no field for the due date a borrower would like; Interloan writes it in the Renew
/// message's note in this form and reads it back from partners that do the same.
enum RenewNote {
    static let prefix = "Desired due date: "

    static func text(desiredDueDate: Day) -> String {
        self.prefix + desiredDueDate.description
    }

    static func desiredDueDate(in note: String?) -> Day? {
        guard let note, let range = note.range(of: self.prefix) else { return nil }
        return Day(String(note[range.upperBound...].prefix(10)))
    }
}

/// v1.2 has no conditional answer: a lender's conditions travel as an ExpectToSupply whose note starts with
/// `Conditions: `, and the borrower's acceptance as a Notification saying `Conditions accepted` (a rejection is a
/// Cancel). Partners that do not know the convention still read plain sentences.
enum ConditionsNote {
    static let prefix = "Conditions: "
    static let accepted = "Conditions accepted"

    static func text(_ conditions: String) -> String {
        self.prefix + conditions
    }

    static func conditions(in note: String?) -> String? {
        guard let note, note.hasPrefix(self.prefix) else { return nil }
        return String(note.dropFirst(self.prefix.count))
    }
}
