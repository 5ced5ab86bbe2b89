import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A patron's own data: everything kept about them as JSON, and closing the account, which also takes their
/// identity off their ended requests (the requests stay, unnamed, for the library's figures).
struct PortalAccountController: RouteCollection {
    struct Export: Encodable {
        var library: String
        var barcode: String
        var name: String?
        var email: String?
        var signsInWith: String
        var emails: String
        var created: String
        var requests: [ExportedRequest]
    }

    struct ExportedRequest: Encodable {
        var id: String
        var kind: String
        var title: String
        var author: String?
        var isbn: String?
        var issn: String?
        var oclcNumber: String?
        var articleTitle: String?
        var journalTitle: String?
        var volume: String?
        var issue: String?
        var pages: String?
        var neededBy: String?
        var notes: String?
        var openurl: String?
        var status: String
        var dueDate: String?
        var placed: String
        var updated: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portalData, use: self.export)
        routes.post(SiteURL.portalAccountDeletion, use: self.delete)
    }

    @Sendable func export(_ request: Request) async throws -> Response {
        let patron = try request.patron
        let record = patron.record
        let listed = try await PatronRequests(request: request, patron: patron).list()
        let export = Export(
            library: patron.library.name, barcode: record.barcode, name: record.name, email: record.email,
            signsInWith: record.source.rawValue, emails: record.notices,
            created: Timestamp.string(record.createdAt),
            requests: listed.map { item in
                let row = item.stored.row
                return ExportedRequest(
                    id: item.stored.number, kind: item.stored.state.serviceType.rawValue, title: row.title,
                    author: row.author, isbn: row.isbn, issn: row.issn, oclcNumber: row.oclcNumber,
                    articleTitle: row.articleTitle, journalTitle: row.journalTitle, volume: row.volume,
                    issue: row.issue, pages: row.pages, neededBy: row.neededBy, notes: row.notes, openurl: row.openURL,
                    status: PortalController.row(item.stored, receivedOn: item.receivedOn, pickup: patron.library.name)
                        .words,
                    dueDate: item.stored.state.dueDate?.description, placed: Timestamp.string(row.createdAt),
                    updated: Timestamp.string(item.stored.updatedAt))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="my-interloan-data.json""#)
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(export)))
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let patron = try request.patron
        guard (try? request.content.get(String.self, at: "confirm")) == "yes" else {
            WebSession.setFlash("Tick the box to confirm that you want your account deleted.", on: request)
            return request.redirect(to: SiteURL.portal.path(fragment: "account"))
        }
        let ended = RequestStatus.allCases.filter(\.isFinal).map(\.rawValue)
        let open = try await request.reads.select().column("id").from(RequestRecord.table)
            .where("patron_account_id", .equal, patron.id).where("status", .notIn, ended).limit(5).all()
            .map { RequestNumber.encode(try $0.decode(column: "id", as: Int.self)) }
        guard open.isEmpty else {
            WebSession.setFlash(
                "Your account cannot be deleted while requests are open (\(open.joined(separator: ", "))): "
                    + "cancel them, or return the loans, first.",
                on: request)
            return request.redirect(to: SiteURL.portal.path(fragment: "account"))
        }
        let id = patron.id
        try await request.writes.write { sql in
            // A request that went open since the check above keeps the account: the delete fails as a whole.
            let opened = try await sql.select().column("id").from(RequestRecord.table)
                .where("patron_account_id", .equal, id).where("status", .notIn, ended).first()
            guard opened == nil else {
                throw APIError.conflict("a request of yours is open again", allowed: [])
            }
            try await sql.raw(
                """
                UPDATE \(ident: ILSCallRecord.table) SET patron_id = NULL, sent = NULL, received = NULL, \
                problem = NULL WHERE request_id IN (SELECT id FROM \(ident: RequestRecord.table) \
                WHERE patron_account_id = \(bind: id))
                """
            ).run()
            try await sql.update(RequestRecord.table).set("patron_id", to: SQLLiteral.null)
                .set("patron_name", to: SQLLiteral.null).set("patron_email", to: SQLLiteral.null)
                .set("open_url", to: SQLLiteral.null).set("patron_account_id", to: SQLLiteral.null)
                .set("patron_ask", to: SQLLiteral.null).set("patron_ask_at", to: SQLLiteral.null)
                .where("patron_account_id", .equal, id).run()
            try await sql.delete(from: PatronRecord.table).where("id", .equal, id).run()
        }
        request.session.destroy()
        request.storage[SignedInPatronKey.self] = nil
        return try await WebPage.render(
            "error",
            ErrorPage(
                title: "Your account is deleted",
                message:
                    "We no longer keep your name, card number or email. Your library can open a new account for you at any time."
            ),
            title: "Account deleted", for: request)
    }
}
