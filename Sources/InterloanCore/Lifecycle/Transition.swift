/// One row of the transition table: in these states, these parties may perform this action, which leads there.
public struct Transition: Sendable {
    public let action: Action
    public let from: [RequestStatus]
    public let roles: Set<PartyRole>
    public let target: Target
    /// Conditions beyond state and role, each stated as the rule a refusal quotes.
    public let guards: [Guard]
    /// What the history records besides who, when, from and to.
    public let records: String

    init(
        _ action: Action, from: [RequestStatus], by roles: Set<PartyRole>, to target: Target, guards: [Guard] = [],
        records: String
    ) {
        self.action = action
        self.from = from
        self.roles = roles
        self.target = target
        self.guards = guards
        self.records = records
    }
}

/// Where a transition leads; some targets depend on the request or the answer given.
public enum Target: Sendable, Equatable {
    case status(RequestStatus)
    /// The next untried lender in the string is asked (`sentToLender`); with none left, `needsLender`.
    case nextLender
    /// Loans and copies part ways, e.g. a copy is complete once received.
    case byServiceType(loan: RequestStatus, copy: RequestStatus)
    /// Decided by the action's `approve` field.
    case byApproval(yes: RequestStatus, no: RequestStatus)

    /// Every status this target can lead to, for the diagram and the tests.
    public var possibleStatuses: [RequestStatus] {
        switch self {
        case .status(let status): return [status]
        case .nextLender: return [.sentToLender, .needsLender]
        case .byServiceType(let loan, let copy): return loan == copy ? [loan] : [loan, copy]
        case .byApproval(let yes, let no): return [yes, no]
        }
    }
}

/// A condition an action must meet, beyond the state and the caller's role.
public struct Guard: Sendable {
    /// Everything a guard may look at.
    public struct Input: Sendable {
        public let state: RequestState
        public let arguments: Arguments
        public let today: Day
    }

    /// The rule in words, as a refusal quotes it and the diagram lists it.
    public let rule: String
    /// The field a failure is reported against; nil when the request's state itself forbids the action, which
    /// also hides the action from the caller's allowed actions.
    public let field: String?
    let holds: @Sendable (Input) -> Bool

    init(_ rule: String, field: String? = nil, holds: @escaping @Sendable (Input) -> Bool) {
        self.rule = rule
        self.field = field
        self.holds = holds
    }
}
