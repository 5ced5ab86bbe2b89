/// How much a library lends on a given day, as it (or the team) declared in the availability registry.
public enum LendingStatus: String, CaseIterable, Codable, Sendable {
    /// Loans and copies.
    case all
    /// Articles and chapters only; physical loans paused.
    case copiesOnly
    /// No new requests for a while; current loans carry on.
    case paused
    /// Only accepting items coming back.
    case returnsOnly
    /// Closed: nothing new, nothing shipped.
    case closed

    /// Whether a library in this status should be asked for a new request of `serviceType`.
    public func accepts(_ serviceType: ServiceType) -> Bool {
        switch self {
        case .all: return true
        case .copiesOnly: return serviceType == .copy
        case .paused, .returnsOnly, .closed: return false
        }
    }

    /// The words staff see.
    public var label: String {
        switch self {
        case .all: return "Lending"
        case .copiesOnly: return "Copies only"
        case .paused: return "Paused"
        case .returnsOnly: return "Returns only"
        case .closed: return "Closed"
        }
    }
}

/// One declaration in a library's availability history: a status with its reason, for a span of days.
public struct AvailabilityDeclaration: Sendable, Equatable {
    public var status: LendingStatus
    public var reason: String?
    /// First day it applies; nil for "from now on".
    public var from: Day?
    /// Last day it applies; nil for "until further notice".
    public var until: Day?

    public init(status: LendingStatus, reason: String?, from: Day?, until: Day?) {
        self.status = status
        self.reason = reason
        self.from = from
        self.until = until
    }

    /// Whether this declaration speaks for `day`.
    public func covers(_ day: Day) -> Bool {
        (self.from.map { $0 <= day } ?? true) && (self.until.map { day <= $0 } ?? true)
    }

    /// The reasons a declaration cannot be accepted, by field; empty when it is sound.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        if let from = self.from, let until = self.until, until < from {
            problems.append(FieldError(field: "until", message: "until (\(until)) is before from (\(from))"))
        }
        if self.status != .all, (self.reason ?? "").isEmpty {
            problems.append(FieldError(field: "reason", message: "say why lending is \(self.status.rawValue)"))
        }
        return problems
    }

    /// The declaration that decides `day`: the newest one covering it. Declarations are given oldest first; a
    /// day no declaration covers is a normal lending day.
    public static func effective(on day: Day, in history: [AvailabilityDeclaration]) -> AvailabilityDeclaration {
        history.last { $0.covers(day) } ?? AvailabilityDeclaration(status: .all, reason: nil, from: nil, until: nil)
    }
}
