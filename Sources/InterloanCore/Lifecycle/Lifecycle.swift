import Foundation

/// The lifecycle engine: pure functions from a request's state, an action, its caller and the clock to the new
/// state and the history entry to record. No I/O; the store applies the outcome in one transaction.
public enum Lifecycle {
    /// The result of an action: the new state and the event to append.
    public struct Outcome: Sendable, Equatable {
        public var state: RequestState
        public var event: LifecycleEvent
    }

    /// Whether parties in `roles` may perform `action` on a request in `state`, ignoring the action's fields.
    public static func decide(_ action: Action, in state: RequestState, roles: Set<PartyRole>) -> Decision {
        guard let row = TransitionTable.row(for: action, in: state.status) else {
            return .refused("\(action.rawValue) is not possible while the request is \(state.status.rawValue)")
        }
        guard !row.roles.isDisjoint(with: roles) else {
            let who = row.roles.sorted().map(\.rawValue).joined(separator: " or ")
            return .refused("only the \(who) may \(action.rawValue) now")
        }
        let input = Guard.Input(state: state, arguments: Arguments(), today: Day(Date.distantPast))
        if let failed = row.guards.first(where: { $0.field == nil && !$0.holds(input) }) {
            return .refused("\(action.rawValue) needs that \(failed.rule)")
        }
        return .allowed(row)
    }

    /// The actions parties in `roles` may perform now, in table order.
    public static func allowedActions(in state: RequestState, roles: Set<PartyRole>) -> [Action] {
        Action.allCases.filter { self.decide($0, in: state, roles: roles).isAllowed }
    }

    /// Performs `action` with validated `arguments`, or explains why not.
    public static func perform(
        _ action: Action, arguments: Arguments, on state: RequestState, by actor: ActingParty, at now: Date
    ) throws(LifecycleError) -> Outcome {
        let roles = actor.roles(in: state)
        let row: Transition
        switch self.decide(action, in: state, roles: roles) {
        case .refused(let reason):
            throw .notAllowed(reason: reason, allowed: self.allowedActions(in: state, roles: roles))
        case .allowed(let allowedRow):
            row = allowedRow
        }
        let today = Day(now)
        let input = Guard.Input(state: state, arguments: arguments, today: today)
        let failures = row.guards.filter { !$0.holds(input) }
        if let stateFailure = failures.first(where: { $0.field == nil }) {
            throw .notAllowed(
                reason: "\(action.rawValue) needs that \(stateFailure.rule)",
                allowed: self.allowedActions(in: state, roles: roles))
        }
        if !failures.isEmpty {
            throw .invalidFields(failures.map { FieldError(field: $0.field!, message: $0.rule) })
        }

        var next = state
        var details = Effects.apply(action, arguments: arguments, to: &next, today: today, now: now)
        switch row.target {
        case .status(let status):
            next.status = status
        case .byServiceType(let loan, let copy):
            next.status = state.serviceType == .loan ? loan : copy
        case .byApproval(let yes, let no):
            next.status = arguments.boolean("approve") == true ? yes : no
        case .nextLender:
            details.merge(Effects.askNextLender(&next, now: now)) { _, new in new }
        }
        let event = LifecycleEvent(action: action.rawValue, from: state.status, to: next.status, details: details)
        return Outcome(state: next, event: event)
    }

    /// A new request: the lender string is asked from its first lender, or the team finds one. A patron's request
    /// at a library that checks them first (`awaitsReview`) waits for its staff, who route it.
    public static func place(
        serviceType: ServiceType, borrower: String, lenders: [String], awaitsReview: Bool = false,
        awaitsCopyrightReview: Bool = false, at now: Date
    ) throws(LifecycleError) -> Outcome {
        var errors: [FieldError] = []
        if lenders.contains(borrower) {
            errors.append(FieldError(field: "lenders", message: "the borrowing library never lends to itself"))
        }
        if Set(lenders).count != lenders.count {
            errors.append(FieldError(field: "lenders", message: "each lender appears once in the list given"))
        }
        guard errors.isEmpty else { throw .invalidFields(errors) }
        var state = RequestState(
            status: .needsLender, serviceType: serviceType, borrower: borrower,
            lenders: lenders.map { LenderAttempt(symbol: $0) })
        var details: [String: String] = [:]
        if awaitsCopyrightReview {
            state.status = .copyrightReview
        } else if awaitsReview {
            state.status = .submitted
        } else {
            details = Effects.askNextLender(&state, now: now)
        }
        details["serviceType"] = serviceType.rawValue
        if !lenders.isEmpty { details["lenders"] = lenders.joined(separator: ",") }
        return Outcome(
            state: state, event: LifecycleEvent(action: "place", from: nil, to: state.status, details: details))
    }
}
