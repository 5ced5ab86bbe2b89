/// How a request's state reads to the patron who asked for it: plain words, none of the desk's vocabulary, and
/// nothing about which library lends.
public enum PatronWording {
    /// What the patron asked staff for and staff have not yet done.
    public enum PendingAsk: String, Sendable, CaseIterable {
        case renewal
        case cancel
    }

    /// The facts the words are made of, beyond the lifecycle state.
    public struct Facts: Sendable {
        public var pickupLibrary: String
        /// The day the borrowing library received the item.
        public var receivedOn: Day?
        public var pendingAsk: PendingAsk?

        public init(pickupLibrary: String, receivedOn: Day? = nil, pendingAsk: PendingAsk? = nil) {
            self.pickupLibrary = pickupLibrary
            self.receivedOn = receivedOn
            self.pendingAsk = pendingAsk
        }
    }

    /// The request's status in the patron's words, with its due date where one applies.
    public static func describe(_ state: RequestState, _ facts: Facts) -> String {
        let due = state.dueDate.map { "Due \($0.description)" }
        switch state.status {
        case .submitted:
            return facts.pendingAsk == .cancel ? "Cancel asked" : "Requested"
        case .copyrightReview, .needsLender, .sentToLender, .conditional:
            return facts.pendingAsk == .cancel ? "Cancel asked" : "Looking for a lender"
        case .willSupply:
            return facts.pendingAsk == .cancel ? "Cancel asked" : "Found: being sent"
        case .cancelRequested:
            return "Cancel asked"
        case .shipped:
            return "On its way"
        case .received, .recalled:
            if state.serviceType == .copy { return "Delivered" }
            if facts.pendingAsk == .renewal { return ["Renewal asked", due].compactMap { $0 }.joined(separator: ". ") }
            var words = "Ready for pickup at \(facts.pickupLibrary)"
            if let day = facts.receivedOn { words += " since \(day.description)" }
            if state.status == .recalled { words += ". Recalled by the lender: please return it now" }
            return [words, due].compactMap { $0 }.joined(separator: ". ")
        case .renewalRequested:
            return ["Renewal asked", due].compactMap { $0 }.joined(separator: ". ")
        case .returned:
            return "Returned"
        case .completed:
            return state.serviceType == .copy ? "Delivered" : "Returned"
        case .cancelled:
            if let reason = self.notAvailableReason(state) { return "Not available: \(reason)" }
            return "Cancelled"
        case .lost:
            return "Closed: reported lost"
        case .damaged:
            return "Closed: reported damaged"
        }
    }

    /// Whether the patron's request is still open: not ended, so a new one for the same item would duplicate it.
    public static func isOpen(_ status: RequestStatus) -> Bool { !status.isFinal }

    /// The last lender's reason for not supplying, in words, when a request ended for want of a lender.
    public static func notAvailableReason(_ state: RequestState) -> String? {
        guard let attempt = state.lenders.last(where: { $0.outcome == .unfilled }) else { return nil }
        guard let code = attempt.reason else { return "no library could lend it" }
        let label = UnfilledReason.all.first { $0.code == code }?.label ?? "no library could lend it"
        return label.prefix(1).lowercased() + label.dropFirst()
    }
}
