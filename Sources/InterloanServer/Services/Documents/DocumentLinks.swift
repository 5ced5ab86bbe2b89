import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The links a delivered file is opened through. A link is its row's id signed with the installation's secret,
/// so it is unguessable, a tampered one is refused before the database is asked, and the request page can show
/// it again without the link itself being stored.
struct DocumentLinks {
    let request: Request

    static let eventAction = "documentViewed"
    static let actorName = "Download of the delivered file"
    private static let prefix = "doc"

    /// A link, its file and its request, as the link's page and download need them.
    struct Opened {
        var link: DocumentLinkRecord
        var document: DocumentRecord
        var stored: StoredRequest
    }

    /// Why a link opens nothing; its page says only that it is not valid, never which of these it was.
    enum Refusal: Error {
        /// Tampered with, or for no file.
        case unknown
        /// Past its day, out of views, or its file removed.
        case spent
    }

    /// The path of link `id`.
    func path(of id: Int) async throws -> String {
        let cookies = try await self.request.application.browserCookieSigner.cookies(on: self.request.reads)
        return SiteURL.document(.value(cookies.signed(Self.prefix + String(id)))).path
    }

    /// The paths of the patron's links that still open a file, by request id: the newest file's of each request.
    func patronPaths(of requestIDs: [Int], at now: Date) async throws -> [Int: String] {
        guard !requestIDs.isEmpty else { return [:] }
        let query: SQLQueryString = """
            SELECT l.id AS link_id, d.request_id FROM \(ident: DocumentLinkRecord.table) l \
            JOIN \(ident: DocumentRecord.table) d ON d.id = l.document_id \
            WHERE d.request_id IN (\(binds: requestIDs)) AND l.recipient = \(bind: DocumentLinkRecord.Recipient.patron.rawValue) \
            AND d.state = \(bind: DocumentRecord.State.ready.rawValue) AND l.expires_at > \(bind: now) \
            AND l.views < l.max_views ORDER BY l.id
            """
        var paths: [Int: String] = [:]
        for row in try await self.request.reads.raw(query).all() {
            paths[try row.decode(column: "request_id", as: Int.self)] = try await self.path(
                of: try row.decode(column: "link_id", as: Int.self))
        }
        return paths
    }

    /// The link `token` names, with its file and request, whether or not it may still be opened.
    func resolve(_ token: String) async throws -> Opened {
        let cookies = try await self.request.application.browserCookieSigner.cookies(on: self.request.reads)
        guard token.utf8.count <= 128, let value = cookies.verified(token), value.hasPrefix(Self.prefix),
            value.utf8.count <= Self.prefix.utf8.count + 18, let id = Int(value.dropFirst(Self.prefix.count)),
            let link = try await self.request.reads.select().column("*").from(DocumentLinkRecord.table)
                .where("id", .equal, id).first(reading: DocumentLinkRecord.self),
            let document = try await self.request.reads.select().column("*").from(DocumentRecord.table)
                .where("id", .equal, link.documentID).first(reading: DocumentRecord.self),
            let stored = try await RequestStore(self.request).find(document.requestID)
        else { throw Refusal.unknown }
        return Opened(link: link, document: document, stored: stored)
    }

    /// Whether `opened` may still be downloaded at `now`.
    static func isOpen(_ opened: Opened, at now: Date) -> Bool {
        opened.document.state == .ready && opened.link.expiresAt > now && opened.link.views < opened.link.maxViews
    }

    /// Counts one download of `opened`, atomically: of any number of concurrent downloads no more succeed than
    /// the link has views left. The view is written to the request's history in the same transaction.
    func count(_ opened: Opened, at now: Date) async throws -> Int {
        guard let id = opened.link.id else { throw Refusal.unknown }
        let update: SQLQueryString = """
            UPDATE document_links SET views = views + 1, \
            first_viewed_at = COALESCE(first_viewed_at, \(bind: now)) \
            WHERE id = \(bind: id) AND views < max_views AND expires_at > \(bind: now) RETURNING views
            """
        let writes = self.request.writes
        let statement = try writes.ready(update)
        let recipient = opened.link.recipient
        let maxViews = opened.link.maxViews
        let stored = opened.stored
        let actor = ActingParty(
            userID: nil, name: Self.actorName, librarySymbol: stored.state.borrower, isTeam: false)
        return try await writes.write { sql in
            guard let row = try await sql.rows(statement).first else { throw Refusal.spent }
            let views = try row.decode(column: "views", as: Int.self)
            let event = RequestStore.eventRecord(
                LifecycleEvent(
                    action: Self.eventAction, from: stored.state.status, to: stored.state.status,
                    details: ["recipient": recipient.rawValue, "views": "\(views) of \(maxViews)"]),
                requestID: stored.id, by: actor, at: now)
            try await sql.insert(into: EventRecord.table).row(event).run()
            return views
        }
    }

    /// The first download on the borrowing side completes the copy request; a download that finds it completed
    /// already (a concurrent one got there first) changes nothing.
    func completeOnFirstDownload(_ opened: Opened) async throws {
        guard opened.link.recipient != .partner, opened.stored.state.status == .shipped,
            let stored = try await RequestStore(self.request).find(opened.stored.id), stored.state.status == .shipped
        else { return }
        let caller = Caller(
            actor: ActingParty(
                userID: nil, name: Self.actorName, librarySymbol: stored.state.borrower, isTeam: false),
            libraryID: stored.row.borrowerID, role: .staff)
        do {
            _ = try await RequestService(self.request).perform(.receive, with: [:], on: stored, by: caller)
        } catch APIError.staleVersion, APIError.conflict {
            return
        }
    }
}
