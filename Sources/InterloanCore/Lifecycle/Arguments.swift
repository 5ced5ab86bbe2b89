/// A validated value of an action field.
public enum ArgumentValue: Sendable, Equatable {
    case text(String)
    case date(Day)
    case boolean(Bool)
    case symbols([String])
}

/// The validated inputs of one action, by field name.
public struct Arguments: Sendable, Equatable {
    public var values: [String: ArgumentValue]

    public init(_ values: [String: ArgumentValue] = [:]) {
        self.values = values
    }

    public func text(_ name: String) -> String? {
        if case .text(let value) = self.values[name] { return value }
        return nil
    }

    public func date(_ name: String) -> Day? {
        if case .date(let value) = self.values[name] { return value }
        return nil
    }

    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let value) = self.values[name] { return value }
        return nil
    }

    public func symbols(_ name: String) -> [String]? {
        if case .symbols(let value) = self.values[name] { return value }
        return nil
    }
}

/// Who performs an action: a person (or an API token) acting for a library.
public struct ActingParty: Sendable, Equatable {
    public var userID: Int?
    public var name: String
    /// The library the actor works for; the consortium's symbol for the team.
    public var librarySymbol: String
    public var isTeam: Bool

    public init(userID: Int?, name: String, librarySymbol: String, isTeam: Bool) {
        self.userID = userID
        self.name = name
        self.librarySymbol = librarySymbol
        self.isTeam = isTeam
    }

    /// How this actor stands to a request in `state`.
    public func roles(in state: RequestState) -> Set<PartyRole> {
        var roles: Set<PartyRole> = []
        if self.isTeam { roles.insert(.team) }
        if state.borrower == self.librarySymbol { roles.insert(.borrower) }
        if state.currentLender == self.librarySymbol { roles.insert(.lender) }
        return roles
    }
}

/// One entry in a request's history.
public struct LifecycleEvent: Sendable, Equatable {
    /// The action name, or `place` for the request's creation.
    public var action: String
    public var from: RequestStatus?
    public var to: RequestStatus
    public var details: [String: String]

    public init(action: String, from: RequestStatus?, to: RequestStatus, details: [String: String]) {
        self.action = action
        self.from = from
        self.to = to
        self.details = details
    }
}
