import Foundation

/// A row of `requests`: bibliographic data, the patron, and the lifecycle's scalar state; `version` guards
/// against lost updates. Read and written as plain data on the hot path: Fluent's reflective models cost
/// milliseconds of CPU per row, these cost microseconds.
struct RequestRecord: StoredRow {
    static let table = "requests"

    var id: Int?
    var version: Int
    var status: String
    var serviceType: String
    var borrowerID: Int
    var currentLenderID: Int?
    var currentLenderPosition: Int?
    var title: String
    var author: String?
    var isbn: String?
    var issn: String?
    var oclcNumber: String?
    var articleTitle: String?
    var journalTitle: String?
    var volume: String?
    var issue: String?
    var pages: String?
    var neededBy: String?
    var notes: String?
    var patronID: String?
    var patronName: String?
    var patronEmail: String?
    var dueDate: String?
    var externalRequestID: String?
    var searchText: String
    var createdAt: Date
    var updatedAt: Date
    /// When the follow-up rules next look at this request; nil when none watches its status.
    var followUpAt: Date?
    /// Set by the follow-up rules: the shipment counts as not received, the loan as possibly lost.
    var notReceivedAt: Date?
    var possiblyLostAt: Date?
    /// The OpenURL query the request was placed from, as the link carried it; the borrowing side's alone.
    var openURL: String?
    /// The patron account that placed the request in the portal; cleared with the rest of the patron's identity.
    var patronAccountID: Int?
    /// What that patron asked staff for and staff have not done yet (`PatronWording.PendingAsk`), and when.
    var patronAsk: String?
    var patronAskAt: Date?
    /// A copy's terms (`CopyrightCompliance`), the note `other` needs, and when its article appeared.
    var copyrightCompliance: String?
    var copyrightNote: String?
    var publicationDate: String?
    /// A journal's electronic ISSN, beside its print one in `issn`.
    var eissn: String?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("version", \.version), .text("status", \.status),
        .text("service_type", \.serviceType), .int("borrower_id", \.borrowerID),
        .int("current_lender_id", \.currentLenderID), .int("current_lender_position", \.currentLenderPosition),
        .text("title", \.title), .text("author", \.author), .text("isbn", \.isbn), .text("issn", \.issn),
        .text("oclc_number", \.oclcNumber), .text("article_title", \.articleTitle),
        .text("journal_title", \.journalTitle), .text("volume", \.volume), .text("issue", \.issue),
        .text("pages", \.pages), .text("needed_by", \.neededBy), .text("notes", \.notes),
        .text("patron_id", \.patronID), .text("patron_name", \.patronName), .text("patron_email", \.patronEmail),
        .text("due_date", \.dueDate), .text("external_request_id", \.externalRequestID),
        .text("search_text", \.searchText), .date("created_at", \.createdAt), .date("updated_at", \.updatedAt),
        .date("follow_up_at", \.followUpAt), .date("not_received_at", \.notReceivedAt),
        .date("possibly_lost_at", \.possiblyLostAt), .text("open_url", \.openURL),
        .int("patron_account_id", \.patronAccountID), .text("patron_ask", \.patronAsk),
        .date("patron_ask_at", \.patronAskAt), .text("copyright_compliance", \.copyrightCompliance),
        .text("copyright_note", \.copyrightNote), .text("publication_date", \.publicationDate),
        .text("eissn", \.eissn),
    ]

    static var unread: Self { Self(borrowerID: 0, serviceType: "", title: "") }

    /// A new request's bibliographic data, placed by `borrowerID`; the lifecycle columns are set when stored.
    init(borrowerID: Int, serviceType: String, title: String) {
        self.version = 1
        self.status = ""
        self.serviceType = serviceType
        self.borrowerID = borrowerID
        self.title = title
        self.searchText = ""
        self.createdAt = Date(timeIntervalSince1970: 0)
        self.updatedAt = Date(timeIntervalSince1970: 0)
    }
}

/// A row of `request_lenders`: one library of a request's lender string and what it answered.
struct AttemptRecord: StoredRow {
    static let table = "request_lenders"

    var requestID: Int
    var position: Int
    var libraryID: Int
    var outcome: String
    var reason: String?
    var note: String?
    var askedAt: Date?
    var answeredAt: Date?

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .int("position", \.position), .int("library_id", \.libraryID),
        .text("outcome", \.outcome), .text("reason", \.reason), .text("note", \.note),
        .date("asked_at", \.askedAt), .date("answered_at", \.answeredAt),
    ]

    static var unread: Self { Self(requestID: 0, position: 0, libraryID: 0, outcome: "") }
}

/// A row of `shipments`: one journey of the item, out or back.
struct ShipmentRecord: StoredRow {
    static let table = "shipments"

    var requestID: Int
    var position: Int
    var direction: String
    var carrier: String
    var trackingNumber: String?
    var shippedOn: String
    var fromLibraryID: Int
    var toLibraryID: Int

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .int("position", \.position), .text("direction", \.direction),
        .text("carrier", \.carrier), .text("tracking_number", \.trackingNumber), .text("shipped_on", \.shippedOn),
        .int("from_library_id", \.fromLibraryID), .int("to_library_id", \.toLibraryID),
    ]

    static var unread: Self {
        Self(requestID: 0, position: 0, direction: "", carrier: "", shippedOn: "", fromLibraryID: 0, toLibraryID: 0)
    }
}

/// A row of `renewals`: one renewal asked for and how the lender answered.
struct RenewalRecord: StoredRow {
    static let table = "renewals"

    var requestID: Int
    var position: Int
    var requestedOn: String
    var desiredDueDate: String
    var status: String
    var answeredOn: String?
    var newDueDate: String?
    var note: String?

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .int("position", \.position), .text("requested_on", \.requestedOn),
        .text("desired_due_date", \.desiredDueDate), .text("status", \.status), .text("answered_on", \.answeredOn),
        .text("new_due_date", \.newDueDate), .text("note", \.note),
    ]

    static var unread: Self { Self(requestID: 0, position: 0, requestedOn: "", desiredDueDate: "", status: "") }
}

/// A row of `request_events`: one entry of a request's history.
struct EventRecord: StoredRow {
    static let table = "request_events"

    var requestID: Int
    var at: Date
    var userID: Int?
    var actorName: String
    var librarySymbol: String
    var action: String
    var fromStatus: String?
    var toStatus: String
    var details: String

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .date("at", \.at), .int("user_id", \.userID),
        .text("actor_name", \.actorName), .text("library_symbol", \.librarySymbol), .text("action", \.action),
        .text("from_status", \.fromStatus), .text("to_status", \.toStatus), .text("details", \.details),
    ]

    static var unread: Self {
        Self(
            requestID: 0, at: Date(timeIntervalSince1970: 0), actorName: "", librarySymbol: "", action: "",
            toStatus: "", details: "")
    }
}
