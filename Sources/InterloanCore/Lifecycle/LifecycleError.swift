/// A problem with one field of an action or a new request, phrased for the person who typed it.
public struct FieldError: Error, Sendable, Equatable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Why the lifecycle refused an action.
public enum LifecycleError: Error, Sendable, Equatable {
    /// The action is not possible now or not for this caller; `allowed` lists what the caller may do instead.
    case notAllowed(reason: String, allowed: [Action])
    /// The action is possible, but its fields are missing or wrong.
    case invalidFields([FieldError])
}

/// The answer to "may these parties perform this action now?".
public enum Decision: Sendable {
    case allowed(Transition)
    case refused(String)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}
