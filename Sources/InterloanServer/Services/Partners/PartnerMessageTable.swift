import Foundation
import ISO18626
import InterloanCore

/// How ISO 18626 messages and lifecycle actions meet, one row per action: which message from a partner that lends
/// or borrows becomes the action, and which message the action sends to a partner on the other side. Whether the
/// action is possible is never decided here: the transition table decides for partners as for staff.
struct PartnerMessageRow: Sendable {
    /// What a lifecycle change gives the outbound rules to write from.
    struct Change {
        let arguments: Arguments
        let before: RequestState?
        let after: RequestState
        let actor: ActingParty
    }

    /// What an inbound message gives the argument rules: the message, the request as it stands, the time.
    struct Incoming {
        let message: SupplyingAgencyMessage
        let state: RequestState
        let now: Date
    }

    let action: Action
    /// The lending partner's messages that ask for this action.
    var fromLender: @Sendable (SupplyingAgencyMessage) -> Bool = { _ in false }
    /// The action's arguments, read from the lending partner's message.
    var arguments: @Sendable (Incoming) -> [String: RawArgument] = { _ in [:] }
    /// An action that must happen first when this one is not yet possible but it is (a Loaned message answering a
    /// request the partner never said it would supply).
    var after: Action?
    /// The borrowing partner's message that asks for this action.
    var fromBorrower: RequesterAction?
    /// The message to a partner that borrows, as supplier.
    var toBorrower: @Sendable (Change) -> SupplyingDraft? = { _ in nil }
    /// The message to a partner that lends, as requester.
    var toLender: @Sendable (Change) -> (action: RequesterAction, note: String?)? = { _ in nil }
}

enum PartnerMessageTable {
    /// The rows, in the order inbound messages try them: the first row that accepts a message and whose action
    /// the transition table allows is performed.
    static let rows: [PartnerMessageRow] = [
        PartnerMessageRow(
            action: .renew, fromBorrower: .renew,
            toLender: { change in
                (.renew, change.arguments.date("desiredDueDate").map { RenewNote.text(desiredDueDate: $0) })
            }),
        PartnerMessageRow(
            action: .answerRenewal,
            fromLender: { $0.reason == .renewResponse },
            arguments: { incoming in
                var arguments = Self.note(of: incoming.message)
                arguments["approve"] = .string(incoming.message.answer == true ? "true" : "false")
                if incoming.message.answer == true, let due = incoming.message.dueDate {
                    arguments["dueDate"] = .string(Day(due).description)
                }
                return arguments
            },
            toBorrower: { change in
                SupplyingDraft(
                    .renewResponse, .loaned, answer: change.arguments.boolean("approve") == true,
                    note: change.arguments.text("note"), dueDate: change.after.dueDate)
            }),
        PartnerMessageRow(
            action: .answerCancel,
            fromLender: { message in
                message.reason == .cancelResponse ? message.answer != nil : Self.reports([.cancelled], message)
            },
            arguments: { incoming in
                let refused = incoming.message.reason == .cancelResponse && incoming.message.answer == false
                return ["approve": .string(refused ? "false" : "true")]
            },
            toBorrower: { change in
                let agreed = change.arguments.boolean("approve") == true
                return SupplyingDraft(
                    .cancelResponse, agreed ? .cancelled : .willSupply, answer: agreed,
                    note: change.arguments.text("note"))
            }),
        PartnerMessageRow(
            action: .conditional,
            fromLender: { Self.reports([.expectToSupply], $0) && ConditionsNote.conditions(in: $0.note) != nil },
            arguments: { ["note": .string(ConditionsNote.conditions(in: $0.message.note) ?? "")] },
            toBorrower: { change in
                SupplyingDraft(
                    .requestResponse, .expectToSupply, note: ConditionsNote.text(change.arguments.text("note") ?? ""))
            }),
        PartnerMessageRow(
            action: .willSupply,
            fromLender: { Self.reports([.willSupply, .expectToSupply], $0) },
            arguments: { Self.note(of: $0.message) },
            toBorrower: { SupplyingDraft(.requestResponse, .willSupply, note: $0.arguments.text("note")) }),
        PartnerMessageRow(
            action: .unfilled,
            fromLender: { Self.reports([.unfilled, .retryPossible, .cancelled], $0) },
            arguments: { incoming in
                let message = incoming.message
                if message.status == .cancelled {
                    return ["reason": .string("Other"), "note": .string("cancelled by the lender")]
                }
                let code = message.reasonUnfilled ?? message.reasonRetry ?? "Other"
                var arguments = Self.note(of: message)
                arguments["reason"] = .string(UnfilledReason.codes.contains(code) ? code : "Other")
                return arguments
            },
            toBorrower: { change in
                guard change.after.status == .needsLender else { return nil }
                return SupplyingDraft(
                    .requestResponse, .unfilled, note: change.arguments.text("note"),
                    reasonUnfilled: change.arguments.text("reason"))
            }),
        PartnerMessageRow(
            action: .ship,
            fromLender: { Self.reports([.loaned, .copyCompleted], $0) },
            arguments: { incoming in
                let delivery = incoming.message.delivery
                var arguments: [String: RawArgument] = [
                    "carrier": .string(Self.carrier(sentVia: delivery?.sentVia, of: incoming.state).rawValue)
                ]
                if let tracking = delivery?.itemID { arguments["trackingNumber"] = .string(tracking) }
                if incoming.state.serviceType == .loan {
                    let due =
                        incoming.message.dueDate.map { Day($0) }
                        ?? Day(incoming.now).adding(days: incoming.state.lenderPolicy.loanDays)
                    arguments["dueDate"] = .string(due.description)
                }
                return arguments
            },
            after: .willSupply,
            toBorrower: { change in
                let shipment = change.after.shipments.last
                return change.after.serviceType == .loan
                    ? SupplyingDraft(.statusChange, .loaned, dueDate: change.after.dueDate, shipment: shipment)
                    : SupplyingDraft(.statusChange, .copyCompleted, shipment: shipment)
            }),
        PartnerMessageRow(
            action: .recall,
            fromLender: { Self.reports([.recalled], $0) },
            arguments: { Self.note(of: $0.message) },
            toBorrower: { SupplyingDraft(.statusChange, .recalled, note: $0.arguments.text("note")) }),
        PartnerMessageRow(
            action: .checkIn,
            fromLender: { Self.reports([.loanCompleted, .completedWithoutReturn], $0) },
            toBorrower: { _ in SupplyingDraft(.statusChange, .loanCompleted) }),
        PartnerMessageRow(
            action: .cancel, fromBorrower: .cancel,
            toBorrower: { change in
                guard change.after.status == .cancelled else { return nil }
                return change.actor.librarySymbol == change.after.borrower
                    ? SupplyingDraft(.cancelResponse, .cancelled, answer: true)
                    : SupplyingDraft(.statusChange, .cancelled, note: change.arguments.text("reason"))
            },
            toLender: { (.cancel, $0.arguments.text("reason")) }),
        PartnerMessageRow(action: .receive, fromBorrower: .received, toLender: { _ in (.received, nil) }),
        PartnerMessageRow(
            action: .returnShip, fromBorrower: .shippedReturn,
            toLender: { change in
                let shipment = change.after.shipments.last
                let tracking = shipment?.trackingNumber.map { ", tracking number \($0)" } ?? ""
                return (.shippedReturn, "Returned by \(shipment?.carrier.rawValue ?? "other")\(tracking)")
            }),
        PartnerMessageRow(
            action: .acceptConditions, fromBorrower: .notification,
            toLender: { _ in (.notification, ConditionsNote.accepted) }),
        PartnerMessageRow(action: .rejectConditions, toLender: { (.cancel, $0.arguments.text("reason")) }),
        PartnerMessageRow(
            action: .route,
            toLender: { change in
                change.before?.status == .sentToLender
                    ? (.cancel, "withdrawn: the request was routed to another lender") : nil
            }),
        PartnerMessageRow(action: .noAnswer, toLender: { _ in (.cancel, "no answer within the response time") }),
        PartnerMessageRow(
            action: .reportLost, toLender: { _ in (.notification, "The borrowing library reports the item lost") }),
        // ISO 18626 has no message asking for a delivery again; a partner's staff read the note.
        PartnerMessageRow(
            action: .resend,
            toLender: { change in
                (.notification, "Please send the copy again: " + (change.arguments.text("note") ?? "it cannot be used"))
            }),
    ]

    /// The ways of sending the ISO 18626 SentVia list and peers use for a file rather than a parcel.
    static let electronicSentVia: Set = ["url", "email", "ftp", "ariel", "odyssey", "article exchange", "electronic"]

    /// Our carrier for a partner's `sentVia`: a file for a copy sent by URL, email and the like (its address in
    /// `itemId`, kept as the tracking number), else the carrier of that name, else other.
    static func carrier(sentVia: String?, of state: RequestState) -> Carrier {
        let name = (sentVia ?? "").lowercased()
        if Self.electronicSentVia.contains(name) { return state.serviceType == .copy ? .electronic : .other }
        return Carrier(rawValue: name).flatMap { $0 == .electronic ? nil : $0 } ?? .other
    }

    /// The row of each action that has one.
    static let byAction: [Action: PartnerMessageRow] = Dictionary(uniqueKeysWithValues: rows.map { ($0.action, $0) })

    /// What a lending partner's message does to a request in `state`: the first row that accepts the message
    /// and whose action the transition table allows for `roles` (or allows after the row's `after` action), or
    /// nil when the message is only noted in the history.
    static func choice(
        for message: SupplyingAgencyMessage, in state: RequestState, roles: Set<PartyRole>
    ) -> (row: PartnerMessageRow, first: Action?)? {
        for row in self.rows where row.fromLender(message) {
            if Lifecycle.decide(row.action, in: state, roles: roles).isAllowed { return (row, nil) }
            if let first = row.after, Lifecycle.decide(first, in: state, roles: roles).isAllowed { return (row, first) }
        }
        return nil
    }

    /// The action a borrowing partner's message asks for, if it asks for one.
    static func action(for requested: RequesterAction) -> Action? {
        self.rows.first { $0.fromBorrower == requested }?.action
    }

    /// Whether `message` reports one of `statuses` as news of the loan; a renewal's answer carries the loan's
    /// status too, but it answers the renewal and nothing else.
    private static func reports(_ statuses: Set<SupplierStatus>, _ message: SupplyingAgencyMessage) -> Bool {
        message.reason != .renewResponse && statuses.contains(message.status)
    }

    private static func note(of message: SupplyingAgencyMessage) -> [String: RawArgument] {
        message.note.map { ["note": RawArgument.string($0)] } ?? [:]
    }
}
