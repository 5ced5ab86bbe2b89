import Fluent
import Foundation
import InterloanCore
import Vapor

/// "Who is lending now" (`/lending`) and the availability form on a library's page, which its own staff and the
/// team submit (`POST /libraries/{symbol}/availability`).
struct AvailabilityPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.lending, use: self.whoIsLending)
        routes.post(SiteURL.libraryAvailability(.key), use: self.declare)
    }

    /// One library's line on the page.
    struct Line: Encodable {
        var symbol: String
        var name: String
        var lending: String
        var label: String
        var reason: String?
        var from: String?
        var until: String?
    }

    struct LendingPage: Encodable {
        var today: String
        /// Closed, paused and returns-only first, then copies-only.
        var restricted: [Line]
        var lending: [Line]
    }

    @Sendable func whoIsLending(_ request: Request) async throws -> Response {
        let directory = request.application.libraryDirectory
        let today = Day(request.application.clock.now())
        var page = LendingPage(today: today.description, restricted: [], lending: [])
        for library in try await directory.all(on: request.fluentReads) where library.isMember {
            let declared = try await directory.availability(of: library.id, on: today, database: request.fluentReads)
            let line = Line(
                symbol: library.symbol, name: library.name, lending: declared.status.rawValue,
                label: declared.status.label, reason: declared.reason, from: declared.from?.description,
                until: declared.until?.description)
            if declared.status == .all { page.lending.append(line) } else { page.restricted.append(line) }
        }
        page.restricted.sort {
            ($0.lending == LendingStatus.copiesOnly.rawValue ? 1 : 0, $0.symbol) < (
                $1.lending == LendingStatus.copiesOnly.rawValue ? 1 : 0, $1.symbol
            )
        }
        return try await WebPage.render("lending", page, title: "Who is lending now", for: request)
    }

    @Sendable func declare(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard
            let library = try await request.application.libraryDirectory.library(
                symbol: symbol, on: request.fluentReads)
        else {
            throw Abort(.notFound, reason: "There is no library \(symbol).")
        }
        guard caller.isTeam || caller.libraryID == library.id else {
            throw Abort(.forbidden, reason: "Staff declare their own library's lending; the team declares anyone's.")
        }
        let form = try request.content.decode([String: String].self)
        var fields: [String: JSONValue] = [:]
        for name in ["lending", "reason", "from", "until"] {
            if let value = form[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                fields[name] = .string(value)
            }
        }
        do {
            let declaration = try AvailabilityRegistry.parse(fields)
            try await AvailabilityRegistry(request).declare(
                declaration, for: library, by: caller.actor.name, at: request.application.clock.now())
        } catch let error as APIError {
            WebSession.setFlash("Nothing was changed: \(error.explanation).", on: request)
            return request.redirect(to: SiteURL.library(.value(library.symbol)).path(fragment: "availability"))
        }
        WebSession.setFlash("Lending availability saved.", on: request)
        return request.redirect(to: SiteURL.library(.value(library.symbol)).path(fragment: "availability"))
    }
}
