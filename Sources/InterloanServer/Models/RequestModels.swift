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
