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
        routes.post(APIURL.requestILSRetry(.key, call: .key)) { try await self.settle($0, action: "retry") }
        routes.post(APIURL.requestILSSkip(.key, call: .key)) { try await self.settle($0, action: "skip") }
    }

    @Sendable func list(_ request: Request) async throws -> [ILSCallResource] {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        let calls = try await Self.calls(of: stored, for: caller, on: request)
        var resources: [ILSCallResource] = []
        for call in calls { resources.append(try await ILSCallResource(call, request: request)) }
        return resources
    }

    @Sendable func settle(_ request: Request, action: String) async throws -> ILSCallResource {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        let settled = try await ILSCallDecisions(request).settle(
            call: request.parameters.get("call").flatMap { Int($0) }, action: action, on: stored, by: caller)
        return try await ILSCallResource(settled, request: request)
    }

    /// The request's calls to the caller's own ILS, every library's for the team.
    static func calls(of stored: StoredRequest, for caller: Caller, on request: Request) async throws
        -> [ILSCallRecord]
    {
        var query = request.reads.select().column("*").from(ILSCallRecord.table).where("request_id", .equal, stored.id)
        if !caller.isTeam { query = query.where("library_id", .equal, caller.libraryID ?? -1) }
        return try await query.orderBy("id").all(reading: ILSCallRecord.self)
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
