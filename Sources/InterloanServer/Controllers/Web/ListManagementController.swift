import Foundation
import InterloanCore
import Vapor

/// The team's side of a list (`/lists/{slug}/manage`): post an announcement (optionally about a route delay),
/// see every subscriber and remove one.
struct ListManagementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.listManagement(.key), use: self.show)
        routes.post(SiteURL.listManagementPost(.key), use: self.post)
        routes.post(SiteURL.listSubscriberRemoval(.key, subscriber: .key), use: self.remove)
    }

    struct Page: Encodable {
        var list: ListsController.ListEntry
        var subscribers: [ListsController.SubscriptionEntry]
        var confirmed: Int
        var routes: [String]
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let (list, entry) = try await ListPagesController().list(request)
        let subscribers = try await Subscriptions(application: request.application, database: request.fluentReads)
            .subscribers(of: list).map(ListsController.SubscriptionEntry.init)
        let routes = Set(
            try await request.application.libraryDirectory.all(on: request.fluentReads).compactMap(\.stop.route)
        ).sorted()
        let page = Page(
            list: entry, subscribers: subscribers, confirmed: subscribers.filter { $0.state == "confirmed" }.count,
            routes: routes)
        return try await WebPage.render("list-manage", page, title: "Manage \(list.name)", for: request)
    }

    @Sendable func post(_ request: Request) async throws -> Response {
        let caller = try self.requireTeam(request)
        let (list, _) = try await ListPagesController().list(request)
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [
            "title": .string(form["title"] ?? ""), "body": .string(form["body"] ?? ""),
        ]
        if let route = form["route"], !route.isEmpty { body["route"] = .string(route) }
        if let from = form["delayFrom"], !from.isEmpty {
            body["delay"] = .object(["from": .string(from), "until": .string(form["delayUntil"] ?? "")])
        }
        do {
            let (post, queued) = try await Announcements(
                application: request.application, database: request.fluentReads
            )
            .post(body, to: list, by: caller)
            WebSession.setFlash("Posted “\(post.title)”; \(queued) mail\(queued == 1 ? "" : "s") queued.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing was posted: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.listManagement(.value(list.slug)).path)
    }

    @Sendable func remove(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let (list, _) = try await ListPagesController().list(request)
        let id = request.parameters.get("id", as: Int.self) ?? 0
        let removed = try await Subscriptions(application: request.application, database: request.fluentReads).remove(
            id, from: list)
        WebSession.setFlash(removed ? "Subscriber removed." : "There was no such subscriber.", on: request)
        return request.redirect(to: SiteURL.listManagement(.value(list.slug)).path)
    }

    @discardableResult
    private func requireTeam(_ request: Request) throws -> Caller {
        let caller = try request.caller
        guard caller.isTeam else { throw Abort(.forbidden, reason: "Only the consortium team manages lists.") }
        return caller
    }
}
