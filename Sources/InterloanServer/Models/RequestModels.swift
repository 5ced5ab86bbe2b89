import Fluent
import Foundation

/// A request: bibliographic data, the patron, and the lifecycle's scalar state; `version` guards against lost updates.
final class RequestModel: Model, @unchecked Sendable {
    static let schema = "requests"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "service_type") var serviceType: String
    @Parent(key: "borrower_id") var borrower: LibraryModel
    @OptionalParent(key: "current_lender_id") var currentLender: LibraryModel?
    @OptionalField(key: "current_lender_position") var currentLenderPosition: Int?
    @Field(key: "title") var title: String
    @OptionalField(key: "author") var author: String?
    @OptionalField(key: "isbn") var isbn: String?
    @OptionalField(key: "issn") var issn: String?
    @OptionalField(key: "oclc_number") var oclcNumber: String?
    @OptionalField(key: "article_title") var articleTitle: String?
    @OptionalField(key: "journal_title") var journalTitle: String?
    @OptionalField(key: "volume") var volume: String?
    @OptionalField(key: "issue") var issue: String?
    @OptionalField(key: "pages") var pages: String?
    @OptionalField(key: "needed_by") var neededBy: String?
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "patron_id") var patronID: String?
    @OptionalField(key: "patron_name") var patronName: String?
    @OptionalField(key: "patron_email") var patronEmail: String?
    @OptionalField(key: "due_date") var dueDate: String?
    @OptionalField(key: "external_request_id") var externalRequestID: String?
    @Field(key: "search_text") var searchText: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One library in a request's lender string, with its answer.
final class LenderAttemptModel: Model, @unchecked Sendable {
    static let schema = "request_lenders"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "request_id") var request: RequestModel
    @Field(key: "position") var position: Int
    @Parent(key: "library_id") var library: LibraryModel
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "asked_at") var askedAt: Date?
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() {}
}

/// The item travelling to the borrower or back to the lender.
final class ShipmentModel: Model, @unchecked Sendable {
    static let schema = "shipments"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "request_id") var request: RequestModel
    @Field(key: "position") var position: Int
    @Field(key: "direction") var direction: String
    @Field(key: "carrier") var carrier: String
    @OptionalField(key: "tracking_number") var trackingNumber: String?
    @Field(key: "shipped_on") var shippedOn: String
    @Parent(key: "from_library_id") var fromLibrary: LibraryModel
    @Parent(key: "to_library_id") var toLibrary: LibraryModel

    init() {}
}

/// A renewal asked by the borrower and the lender's answer.
final class RenewalModel: Model, @unchecked Sendable {
    static let schema = "renewals"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "request_id") var request: RequestModel
    @Field(key: "position") var position: Int
    @Field(key: "requested_on") var requestedOn: String
    @Field(key: "desired_due_date") var desiredDueDate: String
    @Field(key: "status") var status: String
    @OptionalField(key: "answered_on") var answeredOn: String?
    @OptionalField(key: "new_due_date") var newDueDate: String?
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// One entry of a request's history: who, when, what, from which state to which.
final class RequestEventModel: Model, @unchecked Sendable {
    static let schema = "request_events"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "request_id") var request: RequestModel
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: Int?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "library_symbol") var librarySymbol: String
    @Field(key: "action") var action: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @Field(key: "details") var details: String

    init() {}
}
