import Foundation
import InterloanCore
import SQLKit

/// The filters of every request list (work queues, search, the API), turned into SQL in one place and read as
/// plain records: a page of Fluent models would cost more than the query.
struct RequestListing: Sendable {
    /// A free-text search: words and identifiers, a request id, an external id, and patrons on one's own requests.
    struct TextSearch: Sendable {
        var text: String
        /// Patron names are searched on this borrower's requests only; every request's for the team.
        var patronsOf: PatronScope

        enum PatronScope: Sendable {
            case none
            case borrower(Int)
            case all
        }
    }

    /// Whose ILS calls `ilsProblems` looks at.
    enum ILSProblemScope: Sendable {
        case library(Int)
        case anyLibrary
    }

    var statuses: [String] = []
    var borrowerID: Int?
    var currentLenderID: Int?
    /// Requests this library borrowed, or was ever asked to lend.
    var involvingLibraryID: Int?
    /// Requests this library was ever asked to lend.
    var askedLibraryID: Int?
    /// Requests some library was ever asked to lend.
    var askedOfAnyLender = false
    /// Requests due before this day (`YYYY-MM-DD`).
    var dueBefore: String?
    var partnersOnly = false
    /// Only requests the follow-up rules flagged so.
    var flag: WorkQueue.FollowUpFlag?
    /// Only requests whose patron asked for this and staff have not done it yet.
    var patronAsk: PatronWording.PendingAsk?
    /// Only requests with an ILS call stopped at a problem: calls to this library's ILS, or to any.
    var ilsProblems: ILSProblemScope?
    var search: TextSearch?
    var createdFrom: Date?
    var createdBefore: Date?

    func count(on sql: any SQLDatabase) async throws -> Int {
        let builder = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            .from(RequestRecord.table)
        self.filter(builder)
        return try await builder.first()?.decode(column: "count", as: Int.self) ?? 0
    }

    func page(on sql: any SQLDatabase, sort: RequestSort, range: Range<Int>) async throws -> [RequestRecord] {
        let builder = sql.select().column("*").from(RequestRecord.table)
        self.filter(builder)
        sort.order(builder)
        return try await builder.limit(range.count).offset(range.lowerBound).all().map(RequestRecord.init(row:))
    }

    private func filter(_ builder: SQLSelectBuilder) {
        if !self.statuses.isEmpty { builder.where("status", .in, self.statuses) }
        if let id = self.borrowerID { builder.where("borrower_id", .equal, id) }
        if let id = self.currentLenderID { builder.where("current_lender_id", .equal, id) }
        if let id = self.askedLibraryID { builder.where(Self.asked(by: id)) }
        if self.askedOfAnyLender {
            builder.where(SQLQueryString("id IN (SELECT request_id FROM request_lenders WHERE outcome <> 'waiting')"))
        }
        if let id = self.involvingLibraryID {
            builder.where(group: { $0.where("borrower_id", .equal, id).orWhere(Self.asked(by: id)) })
        }
        if let day = self.dueBefore {
            builder.where("due_date", .isNot, SQLLiteral.null).where("due_date", .lessThan, day)
        }
        switch self.flag {
        case .notReceived: builder.where("not_received_at", .isNot, SQLLiteral.null)
        case .possiblyLost: builder.where("possibly_lost_at", .isNot, SQLLiteral.null)
        case nil: break
        }
        if let ask = self.patronAsk { builder.where("patron_ask", .equal, ask.rawValue) }
        switch self.ilsProblems {
        case .library(let id):
            builder.where(
                SQLQueryString(
                    """
                    id IN (SELECT request_id FROM ils_calls WHERE state = \(bind: Self.problem) \
                    AND library_id = \(bind: id))
                    """))
        case .anyLibrary:
            builder.where(
                SQLQueryString("id IN (SELECT request_id FROM ils_calls WHERE state = \(bind: Self.problem))"))
        case nil: break
        }
        if self.partnersOnly {
            builder.where(SQLQueryString("borrower_id IN (SELECT id FROM libraries WHERE is_member = \(bind: false))"))
        }
        if let from = self.createdFrom { builder.where("created_at", .greaterThanOrEqual, from) }
        if let before = self.createdBefore { builder.where("created_at", .lessThan, before) }
        if let search = self.search {
            let pattern = "%" + search.text.lowercased().filter { $0 != "%" && $0 != "_" } + "%"
            builder.where(group: { group in
                group.where("search_text", .like, pattern)
                if let id = RequestNumber.decode(search.text) { group.orWhere("id", .equal, id) }
                group.orWhere("external_request_id", .equal, search.text)
                switch search.patronsOf {
                case .none: break
                case .all: group.orWhere(SQLQueryString("lower(patron_name) LIKE \(bind: pattern)"))
                case .borrower(let id):
                    group.orWhere(
                        SQLQueryString("(borrower_id = \(bind: id) AND lower(patron_name) LIKE \(bind: pattern))"))
                }
                return group
            })
        }
    }

    private static let problem = ILSCallRecord.State.problem.rawValue

    private static func asked(by libraryID: Int) -> SQLQueryString {
        "id IN (SELECT request_id FROM request_lenders WHERE library_id = \(bind: libraryID) AND outcome <> 'waiting')"
    }
}

/// How a request list is ordered.
enum RequestSort: String, Sendable {
    case updated
    case created
    case due
    case title

    init(_ text: String?) {
        self = text.flatMap(RequestSort.init(rawValue:)) ?? .updated
    }

    func order(_ builder: SQLSelectBuilder) {
        switch self {
        case .updated: builder.orderBy("updated_at", .descending).orderBy("id", .descending)
        case .created: builder.orderBy("created_at", .descending).orderBy("id", .descending)
        case .due: builder.orderBy("due_date", .ascending).orderBy("id", .ascending)
        case .title: builder.orderBy("title", .ascending).orderBy("id", .ascending)
        }
    }
}
