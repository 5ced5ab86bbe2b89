/// A work queue: the requests one side of the desk has to look at, named in the words staff already use.
public struct WorkQueue: Sendable, Equatable {
    /// Whose desk a queue belongs to.
    public enum Desk: String, Sendable, CaseIterable {
        /// The library's own requests for its patrons.
        case borrowing
        /// Requests the library is asked to lend, or lends now.
        case lending
        /// The consortium team's mediation and exceptions, across every library.
        case team
    }

    public let desk: Desk
    public let slug: String
    public let title: String
    public let statuses: [RequestStatus]
    /// Only requests past their due date.
    public let overdueOnly: Bool
    /// Only requests whose borrower is an external partner.
    public let partnersOnly: Bool
    /// Only requests a follow-up rule flagged.
    public let flag: FollowUpFlag?
    /// Only requests with a call to the desk's library's ILS stopped at a problem, in any status (a check-in at
    /// the lender's ILS may fail after the loan completed). Empty `statuses` then means every status.
    public let ilsProblems: Bool
    /// Only requests whose patron asked the library for this and staff have not done it yet.
    public let patronAsk: PatronWording.PendingAsk?

    /// Whether the queue is its statuses and nothing more, so its size is the sum of the desk's counts per status.
    public var isStatusesOnly: Bool {
        !self.statuses.isEmpty && !self.overdueOnly && !self.partnersOnly && self.flag == nil && !self.ilsProblems
            && self.patronAsk == nil
    }

    /// What the follow-up rules mark on a request.
    public enum FollowUpFlag: String, Sendable {
        /// Shipped, past its expected arrival (or 14 days, 7 for a copy), not received.
        case notReceived
        /// 40 days overdue.
        case possiblyLost
    }

    init(
        _ desk: Desk, _ slug: String, _ title: String, _ statuses: [RequestStatus], overdueOnly: Bool = false,
        partnersOnly: Bool = false, flag: FollowUpFlag? = nil, ilsProblems: Bool = false,
        patronAsk: PatronWording.PendingAsk? = nil
    ) {
        self.desk = desk
        self.slug = slug
        self.title = title
        self.statuses = statuses
        self.overdueOnly = overdueOnly
        self.partnersOnly = partnersOnly
        self.flag = flag
        self.ilsProblems = ilsProblems
        self.patronAsk = patronAsk
    }

    /// The states in which an item is at the borrower and can be overdue.
    public static let onLoanAtBorrower: [RequestStatus] = [.received, .renewalRequested, .recalled]

    public static let all: [WorkQueue] = [
        WorkQueue(.borrowing, "from-patrons", "New from patrons", [.submitted]),
        WorkQueue(.borrowing, "copyright-review", "Copyright review", [.copyrightReview]),
        WorkQueue(.borrowing, "new", "New (no lender yet)", [.needsLender]),
        WorkQueue(.borrowing, "sent", "Sent to lender", [.sentToLender, .willSupply, .cancelRequested]),
        WorkQueue(.borrowing, "conditional", "Conditional", [.conditional]),
        WorkQueue(.borrowing, "shipped", "Shipped to us", [.shipped]),
        WorkQueue(.borrowing, "not-received", "Not received", [.shipped], flag: .notReceived),
        WorkQueue(.borrowing, "received", "Received (on loan)", [.received, .recalled]),
        WorkQueue(.borrowing, "patron-renewals", "Patron renewal requests", [.received], patronAsk: .renewal),
        WorkQueue(
            .borrowing, "patron-cancels", "Patron cancel requests",
            RequestStatus.allCases.filter { !$0.isFinal }, patronAsk: .cancel),
        WorkQueue(.borrowing, "renewal", "Renewal requested", [.renewalRequested]),
        WorkQueue(.borrowing, "overdue", "Overdue", onLoanAtBorrower, overdueOnly: true),
        WorkQueue(.borrowing, "returned", "Returned", [.returned]),
        WorkQueue(.borrowing, "completed", "Completed", [.completed]),
        WorkQueue(.borrowing, "cancelled", "Cancelled", [.cancelled]),
        WorkQueue(.borrowing, "ils-problems", "ILS problems", [], ilsProblems: true),
        WorkQueue(.lending, "new", "New to answer", [.sentToLender]),
        WorkQueue(.lending, "supply", "Will supply (to pull and ship)", [.willSupply, .cancelRequested]),
        WorkQueue(.lending, "on-loan", "On loan", [.shipped, .received, .renewalRequested, .recalled]),
        WorkQueue(.lending, "renewal", "Renewal to answer", [.renewalRequested]),
        WorkQueue(.lending, "overdue", "Overdue", onLoanAtBorrower, overdueOnly: true),
        WorkQueue(.lending, "returned", "Returned to check in", [.returned]),
        WorkQueue(.lending, "complete", "Complete", [.completed]),
        WorkQueue(.lending, "ils-problems", "ILS problems", [], ilsProblems: true),
        WorkQueue(.team, "mediation", "Needs a lender (mediation)", [.needsLender]),
        WorkQueue(
            .team, "referrals", "Out-of-state referrals",
            RequestStatus.allCases.filter { !$0.isFinal }, partnersOnly: true),
        WorkQueue(.team, "not-received", "Not received, every library", [.shipped], flag: .notReceived),
        WorkQueue(.team, "overdue", "Overdue, every library", onLoanAtBorrower, overdueOnly: true),
        WorkQueue(.team, "possibly-lost", "Possibly lost (40 days overdue)", onLoanAtBorrower, flag: .possiblyLost),
        WorkQueue(.team, "cancel-requested", "Cancel requested", [.cancelRequested]),
        WorkQueue(.team, "lost-damaged", "Lost or damaged", [.lost, .damaged]),
        WorkQueue(.team, "ils-problems", "ILS problems, every library", [], ilsProblems: true),
    ]

    public static func queues(for desk: Desk) -> [WorkQueue] {
        self.all.filter { $0.desk == desk }
    }

    public static func find(desk: String, slug: String) -> WorkQueue? {
        self.all.first { $0.desk.rawValue == desk && $0.slug == slug }
    }
}
