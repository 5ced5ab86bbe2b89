import Foundation
import InterloanCore
import Vapor

/// The public side of announcement lists: each list's archive with search and permalinks, its Atom feed, the
/// subscription form, and the confirmation and unsubscribe pages mail links lead to.
struct ListPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.lists, use: self.index)
        routes.get(SiteURL.list(.key), use: self.archive)
        routes.get(SiteURL.listFeed(.key), use: self.feed)
        routes.get(SiteURL.listPost(.key, post: .key), use: self.permalink)
        routes.post(SiteURL.listSubscribe(.key), use: self.subscribe)
        routes.get(SiteURL.listConfirm(.key), use: self.confirmForm)
        routes.get(SiteURL.listUnsubscribe(.key), use: self.unsubscribeForm)
    }

    struct IndexPage: Encodable {
        var lists: [ListsController.ListEntry]
    }

    struct ArchivePage: Encodable {
        var list: ListsController.ListEntry
        var posts: [ListsController.PostEntry]
        var search: String
        var page: Int
        var pages: Int
        var total: Int
        var previous: String?
        var next: String?
    }

    struct PostPage: Encodable {
        var list: ListsController.ListEntry
        var post: ListsController.PostEntry
    }

    /// The confirm and unsubscribe pages: a button that posts the link's token back.
    struct LinkPage: Encodable {
        var list: ListsController.ListEntry
        var action: String
        var subscription: String
        var token: String
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let lists = try await ListsController(authenticated: false).index(request)
        return try await WebPage.render("lists", IndexPage(lists: lists), title: "Announcement lists", for: request)
    }

    @Sendable func archive(_ request: Request) async throws -> Response {
        let (list, entry) = try await self.list(request)
        let search = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let page = try NumberParameter.page.read(from: request.query)
        let (posts, total) = try await Announcements(application: request.application, database: request.fluentReads)
            .archive(of: list, search: search, page: page)
        let links = try await ListLinks.load(request.application, on: request.fluentReads)
        let pages = max(1, (total + Announcements.pageSize - 1) / Announcements.pageSize)
        let query =
            search.isEmpty ? "" : "&q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let view = ArchivePage(
            list: entry, posts: posts.map { ListsController.entry($0, list: list, links: links) }, search: search,
            page: page, pages: pages, total: total,
            previous: page > 1 ? SiteURL.list(.value(list.slug)).path + "?page=\(page - 1)\(query)" : nil,
            next: page < pages ? SiteURL.list(.value(list.slug)).path + "?page=\(page + 1)\(query)" : nil)
        return try await WebPage.render("list-archive", view, title: list.name, for: request)
    }

    @Sendable func permalink(_ request: Request) async throws -> Response {
        let (list, entry) = try await self.list(request)
        guard let id = request.parameters.get("id", as: Int.self),
            let post = try await Announcements(application: request.application, database: request.fluentReads).post(
                id, in: list)
        else { throw Abort(.notFound, reason: "There is no such announcement on \(list.name).") }
        let links = try await ListLinks.load(request.application, on: request.fluentReads)
        return try await WebPage.render(
            "list-post", PostPage(list: entry, post: ListsController.entry(post, list: list, links: links)),
            title: post.title, for: request)
    }

    @Sendable func feed(_ request: Request) async throws -> Response {
        let (list, _) = try await self.list(request)
        let (posts, _) = try await Announcements(application: request.application, database: request.fluentReads)
            .archive(of: list, search: nil, page: 1)
        let xml = AtomFeed.render(
            list: list, posts: posts, links: try await ListLinks.load(request.application, on: request.fluentReads),
            consortium: try await request.application.libraryDirectory.consortiumName(on: request.fluentReads))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }

    @Sendable func subscribe(_ request: Request) async throws -> Response {
        let (list, _) = try await self.list(request)
        let form = try request.content.decode([String: String].self)
        do {
            let address = try Subscriptions.address(.string(form["email"] ?? ""))
            _ = try await Subscriptions(application: request.application, database: request.fluentReads).subscribe(
                address, to: list)
            WebSession.setFlash(
                "If \(address) is not subscribed yet, a confirmation mail is on its way: follow its link to start receiving \(list.name).",
                on: request)
        } catch let error as APIError {
            WebSession.setFlash("Not subscribed: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.list(.value(list.slug)).path(fragment: "subscribe"))
    }

    @Sendable func confirmForm(_ request: Request) async throws -> Response {
        try await self.linkPage(
            "list-confirm", action: SiteURL.listConfirm, title: "Confirm your subscription", request)
    }

    @Sendable func unsubscribeForm(_ request: Request) async throws -> Response {
        try await self.linkPage("list-unsubscribe", action: SiteURL.listUnsubscribe, title: "Unsubscribe", request)
    }

    private func linkPage(
        _ template: String, action: (Parameter<String>) -> SiteURL, title: String, _ request: Request
    ) async throws
        -> Response
    {
        let (list, entry) = try await self.list(request)
        let page = LinkPage(
            list: entry, action: action(.value(list.slug)).path,
            subscription: request.query[String.self, at: "s"] ?? "",
            token: request.query[String.self, at: "t"] ?? "")
        return try await WebPage.render(template, page, title: title, for: request)
    }

    func list(_ request: Request) async throws -> (AnnouncementListRecord, ListsController.ListEntry) {
        let slug = request.parameters.get("slug") ?? ""
        guard
            let list = try await Subscriptions(application: request.application, database: request.fluentReads).list(
                slug: slug)
        else { throw Abort(.notFound, reason: "There is no list \(slug).") }
        return (
            list,
            ListsController.ListEntry(
                list, links: try await ListLinks.load(request.application, on: request.fluentReads))
        )
    }
}

/// What confirmation and unsubscribe links post: the token is the authority, so these take no session or CSRF
/// token (a mail client's one-click unsubscribe, RFC 8058, posts `List-Unsubscribe=One-Click` here).
struct ListLinkActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(SiteURL.listConfirm(.key), use: self.confirm)
        routes.post(SiteURL.listUnsubscribe(.key), use: self.unsubscribe)
    }

    struct Outcome: Encodable {
        var list: ListsController.ListEntry
        var title: String
        var message: String
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        let (list, entry) = try await ListPagesController().list(request)
        let (id, token) = try self.link(request)
        let outcome = try await Subscriptions(application: request.application, database: request.fluentReads)
            .confirm(subscription: id, token: token, on: list)
        switch outcome {
        case .confirmed(let email):
            return try await self.render(
                entry, "Subscribed", "\(email) now receives \(list.name).", status: .ok, request)
        case .alreadyUsed(let email):
            return try await self.render(
                entry, "Already confirmed", "This link was already used: \(email) receives \(list.name).", status: .ok,
                request)
        case .unknown:
            return try await self.render(
                entry, "Link not valid",
                "This confirmation link is not valid: it may have been replaced by a newer one, or the subscription was removed. Subscribe again on the list's page.",
                status: .notFound, request)
        }
    }

    @Sendable func unsubscribe(_ request: Request) async throws -> Response {
        let (list, entry) = try await ListPagesController().list(request)
        let (id, token) = try self.link(request)
        guard
            let email = try await Subscriptions(application: request.application, database: request.fluentReads)
                .unsubscribe(subscription: id, token: token, on: list)
        else {
            return try await self.render(
                entry, "Link not valid", "This unsubscribe link is not valid. Write to the team if mail keeps coming.",
                status: .notFound, request)
        }
        return try await self.render(
            entry, "Unsubscribed", "\(email) no longer receives \(list.name).", status: .ok, request)
    }

    /// The subscription and token, from the query (mail clients post to the link itself) or the form.
    private func link(_ request: Request) throws -> (Int, String) {
        let form = (try? request.content.decode([String: String].self)) ?? [:]
        let id = Int(request.query[String.self, at: "s"] ?? form["s"] ?? "") ?? 0
        let token = request.query[String.self, at: "t"] ?? form["t"] ?? ""
        return (id, token)
    }

    private func render(
        _ list: ListsController.ListEntry, _ title: String, _ message: String, status: HTTPResponseStatus,
        _ request: Request
    ) async throws -> Response {
        try await WebPage.render(
            "list-outcome", Outcome(list: list, title: title, message: message), title: title, status: status,
            for: request)
    }
}
