import Fluent
import InterloanCore
import Vapor

/// The home page (every queue of the caller's desks with its count) and the queue pages.
struct HomeController: RouteCollection {
    struct QueueSummary: Encodable {
        var desk: String
        var slug: String
        var title: String
        var count: Int
    }

    struct Desk: Encodable {
        var name: String
        var title: String
        var queues: [QueueSummary]
    }

    struct HomePage: Encodable {
        var desks: [Desk]
        /// The team's figures, last month and this.
        var dashboard: Dashboard?
        /// Announcements of the last 30 days about the library's courier route or naming it.
        var notices: [Notice]
    }

    /// Last month's and this month's figures, each with a small chart of the two.
    struct Dashboard: Encodable {
        var lastMonth: String
        var thisMonth: String
        var figures: [Figure]
    }

    struct Figure: Encodable {
        var name: String
        var last: String
        var this: String
        var chart: String
    }

    struct Notice: Encodable {
        var title: String
        var link: String
        var postedAt: String
    }

    struct QueuePage: Encodable {
        var desk: String
        var slug: String
        var title: String
        var rows: [RequestRow]
        var total: Int
        var sort: String
        var pagination: Pagination
    }

    static let deskTitles: [WorkQueue.Desk: String] = [
        .borrowing: "Borrowing", .lending: "Lending", .team: "Consortium team",
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.queue(desk: .key, queue: .key), use: self.queue)
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let today = Day(request.application.clock.now())
        // A library that never connected its ILS is not shown an always-empty "ILS problems".
        var connected = false
        if let libraryID = caller.libraryID {
            connected =
                try await request.application.ilsConnections.connection(of: libraryID, reads: request.reads) != nil
        }
        let counts = try await RequestCounts.read(library: caller.isTeam ? nil : caller.libraryID, on: request.reads)
        var desks: [Desk] = []
        for desk in QueueQuery.desks(for: caller) {
            var summaries: [QueueSummary] = []
            for queue in WorkQueue.queues(for: desk) {
                let count =
                    queue.isStatusesOnly
                    ? counts.count(of: queue)
                    : try await QueueQuery.listing(queue, caller: caller, today: today).count(on: request.reads)
                if queue.ilsProblems, !caller.isTeam, !connected, count == 0 { continue }
                summaries.append(QueueSummary(desk: desk.rawValue, slug: queue.slug, title: queue.title, count: count))
            }
            desks.append(Desk(name: desk.rawValue, title: Self.deskTitles[desk] ?? desk.rawValue, queues: summaries))
        }
        var notices: [Notice] = []
        if let libraryID = caller.libraryID,
            let library = try await request.application.libraryDirectory.library(id: libraryID, on: request.fluentReads)
        {
            let posts = try await Announcements(application: request.application, database: request.fluentReads)
                .concerning(
                    route: library.stop.route, symbol: library.symbol,
                    since: request.application.clock.now().addingTimeInterval(-30 * 86_400))
            let lists = try await Subscriptions(application: request.application, database: request.fluentReads).all()
            notices = posts.map { post in
                let slug = lists.first { $0.id == post.listID }?.slug ?? ""
                return Notice(
                    title: post.title, link: SiteURL.listPost(.value(slug), post: .value(post.id ?? 0)).path,
                    postedAt: Timestamp.string(post.postedAt)
                )
            }
        }
        let dashboard =
            caller.isTeam ? Self.dashboard(try await request.application.teamDashboard.figures(for: request)) : nil
        return try await WebPage.render(
            "home", HomePage(desks: desks, dashboard: dashboard, notices: notices), title: "Work queues", for: request)
    }

    /// The two months side by side, a figure to a row, each with a two-bar chart.
    static func dashboard(_ months: [MonthFigures]) -> Dashboard? {
        guard months.count == 2 else { return nil }
        let (last, this) = (months[0], months[1])
        let rows: [(String, Double?, Double?, String)] = [
            ("Requests placed", Double(last.placed), Double(this.placed), ""),
            ("Fill rate", last.fillRate.map { $0 * 100 }, this.fillRate.map { $0 * 100 }, "%"),
            ("Median days from placed to received", last.medianDaysToReceive, this.medianDaysToReceive, " days"),
            (
                "Courier deliveries on time", last.courierOnTime.map { $0 * 100 }, this.courierOnTime.map { $0 * 100 },
                "%"
            ),
        ]
        let figures = rows.enumerated().map { index, row in
            let (name, before, now, unit) = row
            let shown = { (value: Double?) in value.map { BarChart.value(($0 * 100).rounded() / 100, unit) } ?? "–" }
            let chart = BarChart(
                title: name, description: "\(name): \(shown(before)) in \(last.month), \(shown(now)) in \(this.month).",
                labels: [last.month, this.month], series: [.init(name: name, values: [before ?? 0, now ?? 0])],
                unit: unit)
            return Figure(name: name, last: shown(before), this: shown(now), chart: chart.svg(id: "figure-\(index)"))
        }
        return Dashboard(lastMonth: last.month, thisMonth: this.month, figures: figures)
    }

    @Sendable func queue(_ request: Request) async throws -> Response {
        let caller = try request.caller
        guard
            let queue = WorkQueue.find(
                desk: request.parameters.get("desk") ?? "", slug: request.parameters.get("queue") ?? ""),
            QueueQuery.desks(for: caller).contains(queue.desk)
        else { throw Abort(.notFound, reason: "There is no such queue on your desk.") }
        let today = Day(request.application.clock.now())
        let sort = RequestSort(request.query[String.self, at: "sort"])
        let listing = QueueQuery.listing(queue, caller: caller, today: today)
        let total = try await listing.count(on: request.reads)
        let pagination = try Pagination(request, total: total)
        let models = try await listing.page(on: request.reads, sort: sort, range: pagination.range)
        let rows = try await RequestRow.rows(
            models, directory: request.application.libraryDirectory, today: today, on: request.fluentReads)
        let page = QueuePage(
            desk: queue.desk.rawValue, slug: queue.slug, title: queue.title, rows: rows, total: total,
            sort: sort.rawValue, pagination: pagination)
        return try await WebPage.render("queue", page, title: queue.title, for: request)
    }
}

/// Page numbers for a list of `total` items, 25 to a page, with links that keep the other query parameters.
struct Pagination: Encodable {
    var page: Int
    var pages: Int
    var previous: String?
    var next: String?

    static let perPage = 25

    /// A page past the last shows the last; a `page` that is no page number at all is a 422 naming it.
    init(_ request: Request, total: Int) throws {
        self.pages = max(1, (total + Self.perPage - 1) / Self.perPage)
        self.page = min(try NumberParameter.page.read(from: request.query), self.pages)
        var components = URLComponents(string: request.url.string) ?? URLComponents()
        func link(_ page: Int) -> String {
            var items = (components.queryItems ?? []).filter { $0.name != "page" }
            items.append(URLQueryItem(name: "page", value: String(page)))
            components.queryItems = items
            return components.string ?? "?page=\(page)"
        }
        self.previous = self.page > 1 ? link(self.page - 1) : nil
        self.next = self.page < self.pages ? link(self.page + 1) : nil
    }

    var range: Range<Int> { (self.page - 1) * Self.perPage..<self.page * Self.perPage }
}
