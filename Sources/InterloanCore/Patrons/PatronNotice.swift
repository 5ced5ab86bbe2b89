/// The emails a patron gets about their own requests. The patron may switch off everything but the decisions,
/// the answers they cannot do without.
public enum PatronNoticeKind: String, Sendable, CaseIterable {
    case placed
    case onItsWay
    case readyForPickup
    case dueSoon
    case overdue
    case renewalApproved
    case renewalDenied
    case notAvailable
    case cancelled

    public var isDecision: Bool {
        switch self {
        case .renewalApproved, .renewalDenied, .notAvailable, .cancelled: return true
        default: return false
        }
    }

    /// The kind as the mail outbox records it, apart from the libraries' notices.
    public var mailKind: String { "patron-" + self.rawValue }

    public var label: String {
        switch self {
        case .placed: return "Patron: request placed"
        case .onItsWay: return "Patron: on its way"
        case .readyForPickup: return "Patron: ready for pickup"
        case .dueSoon: return "Patron: due in 3 days"
        case .overdue: return "Patron: overdue"
        case .renewalApproved: return "Patron: renewal approved"
        case .renewalDenied: return "Patron: renewal denied"
        case .notAvailable: return "Patron: not available"
        case .cancelled: return "Patron: cancelled"
        }
    }

    /// Days before the due date the reminder goes out.
    public static let dueSoonDays = 3
}

/// One email to a patron, with the facts its words need. Never names the lending library: the patron deals with
/// their own library only.
public struct PatronNotice: Sendable, Equatable {
    public var kind: PatronNoticeKind
    public var requestNumber: String
    public var title: String
    public var serviceType: ServiceType
    /// The patron's own library, where they pick the item up.
    public var library: String
    public var dueDate: Day?
    /// The lender's words on a renewal, or why nobody could lend.
    public var note: String?

    public init(
        kind: PatronNoticeKind, requestNumber: String, title: String, serviceType: ServiceType, library: String
    ) {
        self.kind = kind
        self.requestNumber = requestNumber
        self.title = title
        self.serviceType = serviceType
        self.library = library
    }

    /// The email a lifecycle change sends the patron, if any: `action` nil is the request's placing.
    public static func kind(action: Action?, before: RequestState?, after: RequestState) -> PatronNoticeKind? {
        guard let action else { return .placed }
        guard let before else { return nil }
        if after.status == .cancelled, before.status != .cancelled {
            return PatronWording.notAvailableReason(after) == nil ? .cancelled : .notAvailable
        }
        switch action {
        case .ship where after.status == .shipped: return .onItsWay
        case .receive: return .readyForPickup
        case .answerRenewal:
            guard let index = before.pendingRenewalIndex, after.renewals.indices.contains(index) else { return nil }
            return after.renewals[index].status == .approved ? .renewalApproved : .renewalDenied
        default: return nil
        }
    }

    /// Subject, text and HTML, from the same sentences.
    public func render(consortium: String) -> RenderedNotice {
        let (headline, paragraphs) = self.words()
        return NoticeTemplates.compose(
            subject: "\(headline): \(NoticeTemplates.shortTitle(self.title))",
            lead: "Your request \(self.requestNumber)",
            title: self.title, paragraphs: paragraphs,
            signature: "\(self.library), with \(consortium) interlibrary loan")
    }

    private func words() -> (String, [String]) {
        let due = self.dueDate.map { "It is due back on \($0.description)." }
        let note = self.note.flatMap { $0.isEmpty ? nil : "The lending library said: \($0)" }
        let isCopy = self.serviceType == .copy
        switch self.kind {
        case .placed:
            return ("Request received", ["We have your request and are looking for a library to lend it."])
        case .onItsWay:
            return (
                "On its way",
                [isCopy ? "Your copy has been sent." : "A library has sent the item to \(self.library)."]
            )
        case .readyForPickup:
            return (
                isCopy ? "Your copy is here" : "Ready for pickup",
                isCopy
                    ? ["Your copy has arrived at \(self.library)."]
                    : ["The item is waiting for you at \(self.library).", due].compactMap { $0 }
            )
        case .dueSoon:
            return (
                "Due soon", [due ?? "It is due back soon.", "Bring it back to \(self.library), or ask for a renewal."]
            )
        case .overdue:
            return (
                "Overdue",
                [
                    "It was due back on \(self.dueDate?.description ?? "an earlier day"). Please return it to \(self.library)."
                ]
            )
        case .renewalApproved:
            return ("Renewal approved", ["Your renewal is approved.", due, note].compactMap { $0 })
        case .renewalDenied:
            return ("Renewal denied", ["Your renewal was not approved.", due, note].compactMap { $0 })
        case .notAvailable:
            return ("Not available", ["No library could lend it" + (self.note.map { ": \($0)." } ?? ".")])
        case .cancelled:
            return ("Cancelled", ["Your request is cancelled."])
        }
    }
}
