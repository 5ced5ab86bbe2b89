import Fluent
import InterloanCore
import Vapor

/// `/requests?q=...`: search across title, author, identifiers, request id and external id, and the patron on
/// the caller's own requests, with filters for status, side, library and date range.
struct SearchController: RouteCollection {
    struct SearchPage: Encodable {
        var q: String
        var status: String
        var side: String
        var library: String
        var from: String
        var to: String
        var statuses: [ActionForm.Option]
        var rows: [RequestRow]
        var total: Int
        var pagination: Pagination
        var errors: [String]
        var isTeam: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.requests, use: self.search)
    }

    @Sendable func search(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let q = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let status = request.query[String.self, at: "status"] ?? ""
        let side = request.query[String.self, at: "side"] ?? ""
        let library = (request.query[String.self, at: "library"] ?? "").uppercased()
        let from = request.query[String.self, at: "from"] ?? ""
        let to = request.query[String.self, at: "to"] ?? ""
        var errors: [String] = []
        if !from.isEmpty && Day(from) == nil { errors.append("From must be a date written YYYY-MM-DD.") }
        if !to.isEmpty && Day(to) == nil { errors.append("To must be a date written YYYY-MM-DD.") }
        if !status.isEmpty && RequestStatus(rawValue: status) == nil { errors.append("Unknown status \(status).") }

        var listing = RequestListing()
        var libraryID = caller.libraryID
        if caller.isTeam, !library.isEmpty {
            libraryID =
                try await request.application.libraryDirectory.library(symbol: library, on: request.fluentReads)?.id
                ?? -1
        }
        if let libraryID {
            switch side {
            case "borrowing": listing.borrowerID = libraryID
            case "lending": listing.askedLibraryID = libraryID
            default: listing.involvingLibraryID = libraryID
            }
        }
        if let status = RequestStatus(rawValue: status) { listing.statuses = [status.rawValue] }
        listing.createdFrom = Day(from).map(Self.start)
        listing.createdBefore = Day(to).map { Self.start(of: $0.adding(days: 1)) }
        if !q.isEmpty {
            // Patrons are searchable only on the caller's own borrowing requests.
            let patrons: RequestListing.TextSearch.PatronScope =
                caller.isTeam ? .all : caller.libraryID.map { .borrower($0) } ?? .none
            listing.search = .init(text: q, patronsOf: patrons)
        }
        let total = errors.isEmpty ? try await listing.count(on: request.reads) : 0
        let pagination = try Pagination(request, total: total)
        let today = Day(request.application.clock.now())
        let models =
            errors.isEmpty
            ? try await listing.page(
                on: request.reads, sort: RequestSort(request.query[String.self, at: "sort"]), range: pagination.range)
            : []
        let rows = try await RequestRow.rows(
            models, directory: request.application.libraryDirectory, today: today, on: request.fluentReads)
        let page = SearchPage(
            q: q, status: status, side: side, library: library, from: from, to: to,
            statuses: RequestStatus.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == status)
            },
            rows: rows, total: total, pagination: pagination, errors: errors, isTeam: caller.isTeam)
        return try await WebPage.render(
            "search", page, title: "Search", status: errors.isEmpty ? .ok : .unprocessableEntity, for: request)
    }

    static func start(of day: Day) -> Date {
        Date(timeIntervalSince1970: TimeInterval(Day(Date(timeIntervalSince1970: 0)).days(until: day)) * 86_400)
    }
}
