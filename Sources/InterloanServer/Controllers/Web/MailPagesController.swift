import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The notices Interloan mailed, newest first (`/mail`): a library sees those addressed to it, the team every
/// library's; each one opens as it was sent (`/mail/{id}`). Without a mail server this is where the demo's
/// notices are read.
struct MailPagesController: RouteCollection {
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.mail, use: self.list)
        routes.get(SiteURL.mailMessage(.key), use: self.show)
    }

    struct ListPage: Encodable {
        var mails: [MailResource]
        var scope: String
        var delivery: String
        var failed: Int
    }

    struct MailPage: Encodable {
        var mail: MailResource
        var text: String
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let query = self.visible(to: caller, on: request).orderBy("id", .descending).limit(Self.pageSize)
        let mails = try await MailResource.resources(query.all(reading: MailRecord.self), on: request)
        let failed =
            try await self.visible(to: caller, on: request, counting: true)
            .where("state", .equal, MailRecord.State.failed.rawValue).first()?.decode(column: "count", as: Int.self)
            ?? 0
        let delivery: String
        switch request.application.mailSettings.delivery {
        case .smtp(let smtp): delivery = "Mail is handed to \(smtp.host)."
        case .files:
            delivery = "No mail server is configured: each mail is written as a file on the server and listed here."
        }
        let scope = caller.isTeam ? "every library" : (caller.actor.librarySymbol)
        return try await WebPage.render(
            "mail", ListPage(mails: mails, scope: scope, delivery: delivery, failed: failed), title: "Mail",
            for: request)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let caller = try request.caller
        guard let id = request.parameters.get("id", as: Int.self),
            let record = try await self.visible(to: caller, on: request).where("id", .equal, id)
                .first(reading: MailRecord.self)
        else { throw Abort(.notFound, reason: "There is no such mail for your library.") }
        let resource = try await MailResource.resources([record], on: request)[0]
        return try await WebPage.render(
            "mail-message", MailPage(mail: resource, text: record.textBody), title: record.subject, for: request)
    }

    private func visible(to caller: Caller, on request: Request, counting: Bool = false) -> SQLSelectBuilder {
        let query = request.reads.select().from(MailRecord.table)
        if counting {
            query.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
        } else {
            query.column("*")
        }
        if !caller.isTeam { query.where("library_id", .equal, caller.libraryID ?? -1) }
        return query
    }
}
