import Foundation
import SQLKit
import Vapor

/// Staff's two answers to a call that is not done: retry one stopped at a problem, or skip one so the request's
/// later calls go on. Each is one transaction with its line in the request's history.
struct ILSCallDecisions {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    /// Applies `action` (`retry` or `skip`) to the call numbered `number` of `stored`, for the call's own library's
    /// staff or the team; returns the call as it now is.
    func settle(call number: Int?, action: String, on stored: StoredRequest, by caller: Caller) async throws
        -> ILSCallRecord
    {
        guard action == "retry" || action == "skip" else { throw APIError.notFound("no ILS call action \(action)") }
        guard let number,
            let call = try await self.request.reads.select().column("*").from(ILSCallRecord.table)
                .where("id", .equal, number).where("request_id", .equal, stored.id)
                .first(reading: ILSCallRecord.self),
            caller.isTeam || call.libraryID == caller.libraryID
        else { throw APIError.notFound("no such ILS call on this request") }
        let allowed: [ILSCallRecord.State] = action == "retry" ? [.problem] : [.problem, .pending]
        guard allowed.contains(call.state) else {
            throw APIError.conflict(
                "the call is \(call.state.rawValue): only a call stopped at a problem is retried, and one not done "
                    + "skipped", allowed: [])
        }
        let now = self.request.application.clock.now()
        let event = EventRecord(
            requestID: stored.id, at: now, userID: caller.actor.userID, actorName: caller.actor.name,
            librarySymbol: caller.actor.librarySymbol, action: action == "retry" ? "ilsRetry" : "ilsSkip",
            fromStatus: stored.state.status.rawValue, toStatus: stored.state.status.rawValue,
            details: EventDetails.encode(["call": call.service]))
        let state: ILSCallRecord.State = action == "retry" ? .pending : .skipped
        let changed = try await self.request.writes.write { sql in
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
        return updated
    }
}
