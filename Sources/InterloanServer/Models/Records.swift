import Foundation
import SQLKit

/// A request row as plain data, read and written through SQLKit on the hot path: Fluent's reflective models
/// cost milliseconds of CPU per row, these cost microseconds. `RequestModel` describes the same table for the
/// migrations and the few Fluent queries off the hot path.
struct RequestRecord: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id, version, status, title, author, isbn, issn, volume, issue, pages, notes
        case serviceType = "service_type"
        case borrowerID = "borrower_id"
        case currentLenderID = "current_lender_id"
        case currentLenderPosition = "current_lender_position"
        case oclcNumber = "oclc_number"
        case articleTitle = "article_title"
        case journalTitle = "journal_title"
        case neededBy = "needed_by"
        case patronID = "patron_id"
        case patronName = "patron_name"
        case patronEmail = "patron_email"
        case dueDate = "due_date"
        case externalRequestID = "external_request_id"
        case searchText = "search_text"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case followUpAt = "follow_up_at"
        case notReceivedAt = "not_received_at"
        case possiblyLostAt = "possibly_lost_at"
    }

    /// A stored row, read column by column (every action reads one; see `ColumnReader`).
    init(row: any SQLRow) throws {
        let columns = ColumnReader(row)
        self.id = try columns.optionalInt("id")
        self.version = try columns.int("version")
        self.status = try columns.string("status")
        self.serviceType = try columns.string("service_type")
        self.borrowerID = try columns.int("borrower_id")
        self.currentLenderID = try columns.optionalInt("current_lender_id")
        self.currentLenderPosition = try columns.optionalInt("current_lender_position")
        self.title = try columns.string("title")
        self.author = try columns.optionalString("author")
        self.isbn = try columns.optionalString("isbn")
        self.issn = try columns.optionalString("issn")
        self.oclcNumber = try columns.optionalString("oclc_number")
        self.articleTitle = try columns.optionalString("article_title")
        self.journalTitle = try columns.optionalString("journal_title")
        self.volume = try columns.optionalString("volume")
        self.issue = try columns.optionalString("issue")
        self.pages = try columns.optionalString("pages")
        self.neededBy = try columns.optionalString("needed_by")
        self.notes = try columns.optionalString("notes")
        self.patronID = try columns.optionalString("patron_id")
        self.patronName = try columns.optionalString("patron_name")
        self.patronEmail = try columns.optionalString("patron_email")
        self.dueDate = try columns.optionalString("due_date")
        self.externalRequestID = try columns.optionalString("external_request_id")
        self.searchText = try columns.string("search_text")
        self.createdAt = try columns.date("created_at")
        self.updatedAt = try columns.date("updated_at")
        self.followUpAt = try columns.optionalDate("follow_up_at")
        self.notReceivedAt = try columns.optionalDate("not_received_at")
        self.possiblyLostAt = try columns.optionalDate("possibly_lost_at")
    }

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

/// A row of `request_lenders`.
struct AttemptRecord: Codable, Sendable {
    static let table = "request_lenders"

    var requestID: Int
    var position: Int
    var libraryID: Int
    var outcome: String
    var reason: String?
    var note: String?
    var askedAt: Date?
    var answeredAt: Date?

    enum CodingKeys: String, CodingKey {
        case position, outcome, reason, note
        case requestID = "request_id"
        case libraryID = "library_id"
        case askedAt = "asked_at"
        case answeredAt = "answered_at"
    }
}

/// A row of `shipments`.
struct ShipmentRecord: Codable, Sendable {
    static let table = "shipments"

    var requestID: Int
    var position: Int
    var direction: String
    var carrier: String
    var trackingNumber: String?
    var shippedOn: String
    var fromLibraryID: Int
    var toLibraryID: Int

    enum CodingKeys: String, CodingKey {
        case position, direction, carrier
        case requestID = "request_id"
        case trackingNumber = "tracking_number"
        case shippedOn = "shipped_on"
        case fromLibraryID = "from_library_id"
        case toLibraryID = "to_library_id"
    }
}

/// A row of `renewals`.
struct RenewalRecord: Codable, Sendable {
    static let table = "renewals"

    var requestID: Int
    var position: Int
    var requestedOn: String
    var desiredDueDate: String
    var status: String
    var answeredOn: String?
    var newDueDate: String?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case position, status, note
        case requestID = "request_id"
        case requestedOn = "requested_on"
        case desiredDueDate = "desired_due_date"
        case answeredOn = "answered_on"
        case newDueDate = "new_due_date"
    }
}

/// A row of `request_events`.
struct EventRecord: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case at, action, details
        case requestID = "request_id"
        case userID = "user_id"
        case actorName = "actor_name"
        case librarySymbol = "library_symbol"
        case fromStatus = "from_status"
        case toStatus = "to_status"
    }
}
