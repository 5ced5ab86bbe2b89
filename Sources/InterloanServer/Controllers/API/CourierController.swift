import Foundation
import InterloanCore
import Vapor

/// The courier schedule: anyone reads it (`GET /api/v1/courier`); the team edits routes and delivery days,
/// holidays and route delays.
struct CourierController: RouteCollection {
    /// Whether these routes sit behind the bearer token (edits) or are public (the schedule).
    let authenticated: Bool

    func boot(routes: any RoutesBuilder) throws {
        guard self.authenticated else {
            routes.get(APIURL.courier, use: self.show)
            return
        }
        routes.on(.PUT, APIURL.courierRoute(.key), use: self.setRoute)
        routes.on(.PUT, APIURL.courierHoliday(.key), use: self.setHoliday)
        routes.on(.DELETE, APIURL.courierHoliday(.key), use: self.removeHoliday)
        routes.post(APIURL.courierDelays, use: self.postDelay)
        routes.on(.DELETE, APIURL.courierDelay(.key), use: self.removeDelay)
    }

    /// Routes and stops, the holidays of `year` (this year and next by default), delays not yet over.
    @Sendable func show(_ request: Request) async throws -> CourierSchedule {
        let today = Day(request.application.clock.now())
        var years = today.year...(today.year + 1)
        if let year = try NumberParameter.year.readIfPresent(from: request.query) { years = year...year }
        return try await CourierSchedule.load(request, today: today, years: years)
    }

    @Sendable func setRoute(_ request: Request) async throws -> CourierSchedule.Route {
        try self.requireTeam(request)
        return try await CourierEditor(request: request).setRoute(
            request.parameters.get("code") ?? "", body: try request.jsonObject())
    }

    @Sendable func setHoliday(_ request: Request) async throws -> CourierSchedule.Holiday {
        try self.requireTeam(request)
        return try await CourierEditor(request: request).setHoliday(
            request.parameters.get("date") ?? "", body: try request.jsonObject())
    }

    @Sendable func removeHoliday(_ request: Request) async throws -> HTTPStatus {
        try self.requireTeam(request)
        let date = request.parameters.get("date") ?? ""
        guard try await CourierEditor(request: request).removeHoliday(date) else {
            throw APIError.notFound("no courier holiday on \(date)")
        }
        return .noContent
    }

    @Sendable func postDelay(_ request: Request) async throws -> Response {
        let caller = try self.requireTeam(request)
        let delay = try await CourierEditor(request: request).postDelay(try request.jsonObject(), by: caller)
        return try await delay.encodeResponse(status: .created, for: request)
    }

    @Sendable func removeDelay(_ request: Request) async throws -> HTTPStatus {
        try self.requireTeam(request)
        guard let id = request.parameters.get("id", as: Int.self),
            try await CourierEditor(request: request).removeDelay(id)
        else { throw APIError.notFound("no such route delay") }
        return .noContent
    }

    @discardableResult
    private func requireTeam(_ request: Request) throws -> Caller {
        let caller = try request.caller
        guard caller.isTeam else { throw APIError.forbidden("only the consortium team edits the courier schedule") }
        return caller
    }
}
