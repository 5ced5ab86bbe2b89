import Foundation
import InterloanCore
import Vapor

/// The courier page (`/courier`): routes and stops, holidays, posted delays for everyone; the team's forms to
/// move a stop, add or remove a holiday, post or withdraw a delay. The edits are the API's (`CourierEditor`).
struct CourierPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.courier, use: self.show)
        routes.post(SiteURL.courierStops, use: self.setStop)
        routes.post(SiteURL.courierHolidays, use: self.addHoliday)
        routes.post(SiteURL.courierHolidayRemoval(.key), use: self.removeHoliday)
        routes.post(SiteURL.courierDelays, use: self.postDelay)
        routes.post(SiteURL.courierDelayRemoval(.key), use: self.removeDelay)
    }

    struct Page: Encodable {
        var schedule: CourierSchedule
        var isTeam: Bool
        var members: [String]
        var weekdays: [String]
        var years: String
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let today = Day(request.application.clock.now())
        let schedule = try await CourierSchedule.load(request, today: today, years: today.year...(today.year + 1))
        let members = try await request.application.libraryDirectory.all(on: request.fluentReads).filter(\.isMember)
            .map(\.symbol)
        let page = Page(
            schedule: schedule, isTeam: caller.isTeam, members: members, weekdays: CourierStop.weekdayNames,
            years: "\(today.year) and \(today.year + 1)")
        return try await WebPage.render("courier", page, title: "Courier", for: request)
    }

    /// Puts one library on a route with its delivery days, keeping the route's other stops.
    @Sendable func setStop(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let form = try request.content.decode([String: String].self)
        let symbol = (form["library"] ?? "").uppercased()
        let route = form["route"] ?? ""
        let days = CourierStop.weekdayNames.filter { form["day-\($0)"] == "on" }
        return try await self.edit(request, done: "\(symbol) is a stop on \(route.uppercased()).") {
            try await CourierEditor(request: request).setStop(symbol, route: route, days: days.map(JSONValue.string))
        }
    }

    @Sendable func addHoliday(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let form = try request.content.decode([String: String].self)
        let date = form["date"] ?? ""
        return try await self.edit(request, done: "Holiday on \(date) saved.") {
            _ = try await CourierEditor(request: request).setHoliday(date, body: ["name": .string(form["name"] ?? "")])
        }
    }

    @Sendable func removeHoliday(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let date = request.parameters.get("date") ?? ""
        return try await self.edit(request, done: "Holiday on \(date) removed.") {
            _ = try await CourierEditor(request: request).removeHoliday(date)
        }
    }

    @Sendable func postDelay(_ request: Request) async throws -> Response {
        let caller = try self.requireTeam(request)
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [:]
        for name in ["route", "from", "until", "message"] { body[name] = .string(form[name] ?? "") }
        return try await self.edit(request, done: "Delay posted.") {
            _ = try await CourierEditor(request: request).postDelay(body, by: caller)
        }
    }

    @Sendable func removeDelay(_ request: Request) async throws -> Response {
        try self.requireTeam(request)
        let id = request.parameters.get("id", as: Int.self) ?? 0
        return try await self.edit(request, done: "Delay withdrawn.") {
            _ = try await CourierEditor(request: request).removeDelay(id)
        }
    }

    /// Runs an edit and says how it went on the page.
    private func edit(_ request: Request, done: String, _ body: () async throws -> Void) async throws -> Response {
        do {
            try await body()
            WebSession.setFlash(done, on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing was changed: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.courier.path)
    }

    @discardableResult
    private func requireTeam(_ request: Request) throws -> Caller {
        let caller = try request.caller
        guard caller.isTeam else {
            throw Abort(.forbidden, reason: "Only the consortium team edits the courier schedule.")
        }
        return caller
    }
}
