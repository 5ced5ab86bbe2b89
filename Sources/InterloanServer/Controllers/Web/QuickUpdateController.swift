import InterloanCore
import Vapor

/// Quick update: scan or type a request id or an external ILL number, see the request, press Enter to apply the
/// next action. Built for a stack of arriving items: the page comes back with the scan field focused.
struct QuickUpdateController: RouteCollection {
    struct QuickPage: Encodable {
        var query: String
        var error: String?
        var request: Found?
    }

    struct Found: Encodable {
        var id: String
        var title: String
        var statusLabel: String
        var borrower: String
        var lender: String?
        var dueDate: String?
        var next: ActionForm?
        var version: Int
    }

    /// The actions a desk applies to a stack of items, in the order they are preferred.
    static let quickActions: [Action] = [.receive, .checkIn, .ship, .returnShip, .willSupply]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.quickUpdate, use: self.page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let query = (request.query[String.self, at: "id"] ?? "").trimmingCharacters(in: .whitespaces)
        var page = QuickPage(query: query)
        if !query.isEmpty {
            do {
                let stored = try await RequestService(request).visibleRequest(query, to: caller)
                let allowed = Lifecycle.allowedActions(in: stored.state, roles: caller.actor.roles(in: stored.state))
                let next = Self.quickActions.first(where: allowed.contains).map {
                    ActionForm.make($0, state: stored.state, today: Day(request.application.clock.now()))
                }
                page.request = Found(
                    id: stored.number, title: stored.row.title, statusLabel: stored.state.status.label,
                    borrower: stored.state.borrower, lender: stored.state.currentLender,
                    dueDate: stored.state.dueDate?.description, next: next, version: stored.version)
            } catch is APIError {
                page.error = "No request \(query) that you can see."
            }
        }
        return try await WebPage.render("quick", page, title: "Quick update", for: request)
    }
}
