import Foundation
import NCIP
import SQLKit
import Vapor

/// A request's NCIP calls: `GET /api/v1/requests/{id}/ils` lists those to the caller's own ILS (every library's
/// for the team) with their messages, the secret masked; `POST .../ils/{call}/retry` sends one stopped at a
/// problem again, `POST .../ils/{call}/skip` goes on without it. Both are written in the request's history.
struct RequestILSController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.requestILS(.key), use: self.list)
        routes.post(APIURL.requestILSCall(.key, call: .key, action: .key), use: self.act)
    }

    @Sendable func list(_ request: Request) async throws -> [ILSCallResource] {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        var query = request.reads.select().column("*").from(ILSCallRecord.table).where("request_id", .equal, stored.id)
        if !caller.isTeam { query = query.where("library_id", .equal, caller.libraryID ?? -1) }
        let calls = try await query.orderBy("id").all(reading: ILSCallRecord.self)
        var resources: [ILSCallResource] = []
        for call in calls { resources.append(try await ILSCallResource(call, request: request)) }
        return resources
    }

    @Sendable func act(_ request: Request) async throws -> ILSCallResource {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        let action = request.parameters.get("action") ?? ""
        guard action == "retry" || action == "skip" else { throw APIError.notFound("no ILS call action \(action)") }
        guard let number = request.parameters.get("call").flatMap({ Int($0) }),
            let call = try await request.reads.select().column("*").from(ILSCallRecord.table)
                .where("id", .equal, number).where("request_id", .equal, stored.id).first(reading: ILSCallRecord.self),
            caller.isTeam || call.libraryID == caller.libraryID
        else { throw APIError.notFound("no such ILS call on this request") }
        let allowed: [ILSCallRecord.State] = action == "retry" ? [.problem] : [.problem, .pending]
        guard allowed.contains(call.state) else {
            throw APIError.conflict(
                "the call is \(call.state.rawValue); only a call stopped at a problem is retried, or one not done skipped",
                allowed: [])
        }
        let now = request.application.clock.now()
        let event = EventRecord(
            requestID: stored.id, at: now, userID: caller.actor.userID, actorName: caller.actor.name,
            librarySymbol: caller.actor.librarySymbol, action: action == "retry" ? "ilsRetry" : "ilsSkip",
            fromStatus: stored.state.status.rawValue, toStatus: stored.state.status.rawValue,
            details: EventDetails.encode(["call": call.service]))
        let state: ILSCallRecord.State = action == "retry" ? .pending : .skipped
        let changed = try await request.writes.write { sql in
            let rows = try await sql.update(ILSCallRecord.table)
                .set("state", to: state.rawValue).set("next_attempt_at", to: now)
                .set("attempts", to: action == "retry" ? 0 : call.attempts)
                .set("finished_at", to: action == "skip" ? now : nil).set("claimed_until", to: SQLLiteral.null)
                .where("id", .equal, number).where("state", .equal, call.state.rawValue).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await sql.insert(into: EventRecord.table).row(event).run()
            return true
        }
        guard changed else { throw APIError.conflict("the call changed meanwhile; look again", allowed: []) }
        var updated = call
        updated.state = state
        return try await ILSCallResource(updated, request: request)
    }
}

/// One NCIP call as the API shows it.
struct ILSCallResource: Content {
    var id: Int
    var library: String
    var service: String
    var state: String
    var attempts: Int
    var createdAt: String
    var nextAttemptAt: String?
    var finishedAt: String?
    var problem: String?
    var sent: String?
    var received: String?

    init(_ call: ILSCallRecord, request: Request) async throws {
        self.id = call.id ?? 0
        self.library =
            try await request.application.libraryDirectory.library(id: call.libraryID, on: request.fluentReads)?
            .symbol ?? ""
        self.service = call.service
        self.state = call.state.rawValue
        self.attempts = call.attempts
        self.createdAt = Timestamp.string(call.createdAt)
        self.nextAttemptAt = call.state == .pending ? Timestamp.string(call.nextAttemptAt) : nil
        self.finishedAt = call.finishedAt.map(Timestamp.string)
        self.problem = call.problem
        self.sent = call.sent
        self.received = call.received
    }
}
