import Foundation

/// The kinds of mail Interloan sends to a library's ILL contact address.
public enum NoticeKind: String, Sendable, CaseIterable, Codable {
    case renewalApproved
    case renewalDenied
    case shipped
    case conditionalOffer
    case unfilledNeedsLender
    case cancelled
    case notReceived
    case pleaseUpdate
    case overdue
    case notCheckedIn
    case claimWindowOpen

    /// Reminders are the kinds a library may switch off; decisions and changes to its own requests always arrive.
    public var isReminder: Bool {
        switch self {
        case .notReceived, .pleaseUpdate, .overdue, .notCheckedIn, .claimWindowOpen: return true
        default: return false
        }
    }

    /// How staff name the kind on the settings page and in the mail list.
    public var label: String {
        switch self {
        case .renewalApproved: return "Renewal approved"
        case .renewalDenied: return "Renewal denied"
        case .shipped: return "Shipped"
        case .conditionalOffer: return "Conditional offer"
        case .unfilledNeedsLender: return "Unfilled, needs a lender"
        case .cancelled: return "Cancelled"
        case .notReceived: return "Not received"
        case .pleaseUpdate: return "Please update to Received"
        case .overdue: return "Overdue"
        case .notCheckedIn: return "Returned, not checked in"
        case .claimWindowOpen: return "Courier claim window open"
        }
    }

    public static var reminders: [NoticeKind] { self.allCases.filter(\.isReminder) }
}

/// One notice about one request, with the facts its template needs; rendering turns it into a mail.
public struct Notice: Sendable, Equatable {
    public var kind: NoticeKind
    /// The request's short id, e.g. `IL-5F3DDC`.
    public var requestNumber: String
    public var title: String
    /// The library the notice is addressed to (its ILL contact receives it).
    public var recipient: String
    /// The other library in the loan, when there is one (the lender for the borrower, and so on).
    public var otherLibrary: String?
    public var dueDate: Day?
    public var expectedArrival: Day?
    public var shippedOn: Day?
    public var carrier: Carrier?
    public var trackingNumber: String?
    /// The lender's or the team's words: conditions, a renewal refusal, a cancellation reason.
    public var note: String?
    /// Days past the due date, for overdue notices.
    public var daysOverdue: Int?
    /// The last day of a window (a courier claim).
    public var until: Day?

    public init(kind: NoticeKind, requestNumber: String, title: String, recipient: String) {
        self.kind = kind
        self.requestNumber = requestNumber
        self.title = title
        self.recipient = recipient
    }
}
