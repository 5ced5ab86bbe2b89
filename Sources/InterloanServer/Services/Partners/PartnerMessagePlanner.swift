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
        action: Action?, arguments: Arguments, before: RequestState?, after: RequestState, actor: ActingParty,
        isPartner: (String) -> Bool
    ) -> [PlannedMessage] {
        var planned: [PlannedMessage] = []
        let row = action.flatMap { PartnerMessageTable.byAction[$0] }
        let change = PartnerMessageRow.Change(arguments: arguments, before: before, after: after, actor: actor)
        if isPartner(after.borrower), let draft = row?.toBorrower(change) {
            planned.append(PlannedMessage(partner: after.borrower, draft: .supplying(draft)))
        }
        if let lender = before?.currentLender, isPartner(lender), lender != actor.librarySymbol,
            let (action, note) = row?.toLender(change)
        {
            planned.append(PlannedMessage(partner: lender, draft: .requesting(action, note: note)))
        }
        if after.status == .sentToLender, let lender = after.currentLender, isPartner(lender),
            before?.currentLenderIndex != after.currentLenderIndex || before?.status != .sentToLender
        {
            planned.append(PlannedMessage(partner: lender, draft: .request))
        }
        return planned
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
