import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Announcement lists: anyone lists them, reads their archives and asks to subscribe (double opt-in); the team
/// posts and manages subscribers.
struct ListsController: RouteCollection {
    /// Whether these routes sit behind the bearer token (the team's) or are public.
    let authenticated: Bool

    struct ListEntry: Content {
        var slug: String
        var name: String
        var description: String
        /// Region codes it speaks to; empty for every region.
        var regions: [String]
        var archive: String
        var feed: String

        init(_ record: AnnouncementListRecord, links: ListLinks) {
            self.slug = record.slug
            self.name = record.name
            self.description = record.description
            self.regions = record.regionCodes.split(separator: ",").map(String.init)
            self.archive = links.archive(record.slug)
            self.feed = links.feed(record.slug)
        }
    }

    struct PostEntry: Content {
        var id: Int
        var title: String
        var body: String
        var html: String
        var route: String?
        var libraries: [String]
        var postedAt: String
        var postedBy: String
        var permalink: String
    }

    struct PostPage: Content {
        var items: [PostEntry]
        var page: Int
        var total: Int
    }

    struct Posted: Content {
        var announcement: PostEntry
        var queued: Int
    }

    struct SubscriptionEntry: Content {
        var id: Int
        var email: String
        var state: String
        var requestedAt: String
        var confirmedAt: String?

        init(_ record: SubscriptionRecord) {
            self.id = record.id ?? 0
            self.email = record.email
            self.state = record.state.rawValue
            self.requestedAt = Timestamp.string(record.requestedAt)
            self.confirmedAt = record.confirmedAt.map(Timestamp.string)
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        guard self.authenticated else {
            routes.get(APIURL.lists, use: self.index)
            routes.post(APIURL.listSubscriptions(.key), use: self.subscribe)
            routes.get(APIURL.listAnnouncements(.key), use: self.archive)
            return
        }
        routes.post(APIURL.listAnnouncements(.key), use: self.post)
        routes.get(APIURL.listSubscriptions(.key), use: self.subscribers)
        routes.on(.DELETE, APIURL.listSubscription(.key, subscriber: .key), use: self.remove)
    }

    @Sendable func index(_ request: Request) async throws -> [ListEntry] {
        let links = try await ListLinks.load(request.application, on: request.fluentReads)
        return try await Subscriptions(application: request.application, database: request.fluentReads).all().map {
            ListEntry($0, links: links)
        }
    }

    @Sendable func subscribe(_ request: Request) async throws -> Response {
        let list = try await self.list(request)
        let address = try Subscriptions.address(try request.jsonObject()["email"])
        _ = try await Subscriptions(application: request.application, database: request.fluentReads).subscribe(
            address, to: list)
        // The same answer whatever the address's state, so it reveals nothing about who is subscribed.
        let answer = [
            "status": "pending",
            "message":
                "If \(address) is not subscribed yet, a confirmation mail is on its way; the subscription starts when its link is followed.",
        ]
        return try await answer.encodeResponse(status: .accepted, for: request)
    }

    @Sendable func archive(_ request: Request) async throws -> PostPage {
        let list = try await self.list(request)
        let page = try NumberParameter.page.read(from: request.query)
        let (posts, total) = try await Announcements(application: request.application, database: request.fluentReads)
            .archive(of: list, search: request.query[String.self, at: "q"], page: page)
        let links = try await ListLinks.load(request.application, on: request.fluentReads)
        return PostPage(items: posts.map { Self.entry($0, list: list, links: links) }, page: page, total: total)
    }

    @Sendable func post(_ request: Request) async throws -> Response {
        let caller = try self.requireTeam(request)
        let list = try await self.list(request)
        let (post, queued) = try await Announcements(application: request.application, database: request.fluentReads)
            .post(try request.jsonObject(), to: list, by: caller)
        let links = try await ListLinks.load(request.application, on: request.fluentReads)
        return try await Posted(announcement: Self.entry(post, list: list, links: links), queued: queued)
            .encodeResponse(status: .created, for: request)
    }

    @Sendable func subscribers(_ request: Request) async throws -> [SubscriptionEntry] {
        try self.requireTeam(request)
        let list = try await self.list(request)
        return try await Subscriptions(application: request.application, database: request.fluentReads).subscribers(
            of: list
        )
        .map(SubscriptionEntry.init)
    }

    @Sendable func remove(_ request: Request) async throws -> HTTPStatus {
        try self.requireTeam(request)
        let list = try await self.list(request)
        guard let id = request.parameters.get("id", as: Int.self),
            try await Subscriptions(application: request.application, database: request.fluentReads).remove(
                id, from: list)
        else { throw APIError.notFound("no such subscription on \(list.slug)") }
        return .noContent
    }

    static func entry(_ post: AnnouncementRecord, list: AnnouncementListRecord, links: ListLinks) -> PostEntry {
        PostEntry(
            id: post.id ?? 0, title: post.title, body: post.body, html: post.bodyHTML, route: post.route,
            libraries: post.libraries.split(separator: ",").map(String.init), postedAt: Timestamp.string(post.postedAt),
            postedBy: post.postedBy, permalink: links.permalink(list.slug, post.id ?? 0))
    }

    private func list(_ request: Request) async throws -> AnnouncementListRecord {
        let slug = request.parameters.get("slug") ?? ""
        guard
            let list = try await Subscriptions(application: request.application, database: request.fluentReads).list(
                slug: slug)
        else { throw APIError.notFound("no list \(slug)") }
        return list
    }

    @discardableResult
    private func requireTeam(_ request: Request) throws -> Caller {
        let caller = try request.caller
        guard caller.isTeam else {
            throw APIError.forbidden("only the consortium team posts to lists and manages subscribers")
        }
        return caller
    }
}
