import Foundation
import InterloanCore
import Vapor

/// Reports on the web: `/reports` lists them; `/reports/{name}` shows one for the filters in its query, with its
/// chart drawn as SVG and the figures in a table beside it, and `?format=csv` downloads the table. The figures are
/// the API's (`GET /api/v1/reports/{name}`); the team sees every library, staff their own.
struct ReportPagesController: RouteCollection {
    struct Index: Encodable {
        var reports: [Entry]
    }

    struct Entry: Encodable {
        var name: String
        var title: String
        var summary: String
    }

    struct Page: Encodable {
        var name: String
        var title: String
        var summary: String
        var from: String
        var to: String
        var library: String
        var region: String
        var serviceType: String
        var isTeam: Bool
        var libraries: [Choice]
        var regions: [Choice]
        var errors: [String]
        var closedMonths: String?
        var chart: String?
        var columns: [String]
        var rows: [[String]]
        /// The same report as CSV: this page's path and query, with `format=csv`.
        var csvQuery: String
    }

    struct Choice: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    static let entries: [ReportName: (title: String, summary: String)] = [
        .volume: ("Volume", "Requests placed per month, borrowing and lending, and how each stands."),
        .fillRate: ("Fill rate", "Filled over filled and unfilled, by side and service type."),
        .turnaround: ("Turnaround", "How long each leg takes: mean, median, 90th percentile, under 48 and 72 hours."),
        .netLending: ("Net lending", "Requests lent against requests borrowed, beside the routing's target ratio."),
        .unfilledReasons: ("Unfilled reasons", "Why lenders said no, and where they stood in the lender string."),
        .scorecard: ("Lender scorecard", "Answer time, fill rate, shipped on time, late returns as a borrower."),
        .courier: ("Courier", "Courier deliveries against their expected arrival, by route and month."),
        .topTitles: ("Top titles", "The titles and journals asked for most."),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.reports, use: self.index)
        routes.get(SiteURL.report(.key), use: self.show)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        _ = try request.caller
        let reports = Reports.available.map { name in
            Entry(name: name.rawValue, title: Self.entries[name]!.title, summary: Self.entries[name]!.summary)
        }
        return try await WebPage.render("reports", Index(reports: reports), title: "Reports", for: request)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let nameText = request.parameters.get("name") ?? ""
        guard let name = ReportName(rawValue: nameText), let entry = Self.entries[name] else {
            throw Abort(.notFound, reason: "There is no report \(nameText.prefix(40)).")
        }
        let format = request.query[String.self, at: "format"]
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads)
        var page = Page(
            name: name.rawValue, title: entry.title, summary: entry.summary,
            from: Self.given(request, "from"), to: Self.given(request, "to"), library: Self.given(request, "library"),
            region: Self.given(request, "region"), serviceType: Self.given(request, "serviceType"),
            isTeam: caller.isTeam, libraries: [], regions: [], errors: [], columns: [], rows: [],
            csvQuery: Self.csvQuery(request))
        page.libraries = libraries.filter(\.isMember).sorted { $0.symbol < $1.symbol }.map {
            Choice(
                value: $0.symbol, label: "\($0.name) (\($0.symbol))", selected: $0.symbol == page.library.uppercased())
        }
        page.regions = Set(libraries.compactMap(\.place.region)).sorted().map {
            Choice(value: $0, label: $0, selected: $0 == page.region)
        }
        let query: ReportQuery
        do {
            query = try await ReportQuery.read(name: name.rawValue, from: request, caller: caller)
        } catch APIError.invalidFields(let fields) {
            page.errors = fields.map { "\($0.field): \($0.message)." }
            return try await WebPage.render(
                "report", page, title: entry.title, status: .unprocessableEntity, for: request)
        } catch APIError.notFound(let message) {
            throw Abort(.notFound, reason: message.prefix(1).uppercased() + message.dropFirst() + ".")
        }
        let (table, closedMonths) = try await Reports.table(for: query, on: request)
        if format == "csv" { return ReportsController.csv(table, query: query) }
        page.from = query.period.from.description
        page.to = query.period.to.description
        if !closedMonths.isEmpty {
            page.closedMonths = closedMonths.joined(separator: ", ")
        }
        page.chart = table.rows.isEmpty ? nil : ReportCharts.chart(for: name, table: table).svg(id: "chart")
        page.columns = table.columns.map { Self.columnLabels[$0] ?? $0 }
        page.rows = table.rows.map { $0.map(Self.shown) }
        return try await WebPage.render("report", page, title: entry.title, for: request)
    }

    /// A query value as given, bounded, for the form to show again.
    private static func given(_ request: Request, _ name: String) -> String {
        String((request.query[String.self, at: name] ?? "").prefix(64))
    }

    /// The page's filters as a query string with `format=csv`, every value percent-encoded.
    private static func csvQuery(_ request: Request) -> String {
        var items = ["from", "to", "library", "region", "serviceType"].compactMap { name -> String? in
            let value = Self.given(request, name)
            guard !value.isEmpty else { return nil }
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        items.append("format=csv")
        return items.joined(separator: "&")
    }

    private static func shown(_ field: CSVField) -> String {
        switch field {
        case .empty: return "–"
        case .number(let digits): return digits
        case .text(let text): return text.isEmpty ? "–" : Self.legLabels[text] ?? text
        }
    }

    /// The table's column names in words; the CSV and the API keep the names.
    static let columnLabels: [String: String] = [
        "month": "Month", "side": "Side", "serviceType": "Service", "placed": "Placed", "filled": "Filled",
        "unfilled": "Unfilled", "cancelled": "Cancelled", "inFlight": "In flight", "fillRate": "Fill rate",
        "leg": "Leg", "groupBy": "By", "group": "Group", "count": "Count", "meanDays": "Mean (days)",
        "medianDays": "Median (days)", "p90Days": "90th percentile (days)", "meanWorkingDays": "Mean (working days)",
        "medianWorkingDays": "Median (working days)", "p90WorkingDays": "90th percentile (working days)",
        "under48Hours": "Under 48 h", "from48To72Hours": "48 to 72 h", "over72Hours": "Over 72 h",
        "library": "Library", "lent": "Lent", "borrowed": "Borrowed", "ratio": "Ratio", "targetRatio": "Target ratio",
        "reason": "Reason", "position": "Position asked", "asked": "Asked", "answered": "Answered",
        "medianAnswerDays": "Median answer (days)", "shipped": "Shipped", "shippedOnTime": "Shipped on time",
        "returnedAsBorrower": "Returned as borrower", "returnedLate": "Returned late", "route": "Route",
        "delivered": "Delivered", "onTime": "On time", "late1Day": "1 day late", "late2Days": "2 days late",
        "late3OrMoreDays": "3 or more days late", "meanDaysLate": "Mean days late", "kind": "Kind", "title": "Title",
        "requests": "Requests",
    ]

    /// The legs of a request in words.
    static let legLabels: [String: String] = [
        "placedToAnswer": "Placed to first answer", "answerToShipped": "Agreed to shipped",
        "shippedToReceived": "Shipped to received", "receivedToReturned": "Received to sent back",
        "returnedToCheckedIn": "Sent back to checked in",
    ]
}
