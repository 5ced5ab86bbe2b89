import Foundation
import InterloanCore
import SQLKit

/// What a patron asked staff for on one of their requests (a renewal, a cancel) and staff have not done yet: set
/// from the portal, cleared when staff do it, or when the request moves on so that it no longer applies.
enum PatronAsks {
    /// Records `ask` on the request, with when.
    static func record(_ ask: PatronWording.PendingAsk, at now: Date) -> SideWrites {
        { sql, id in
            try await sql.update(RequestRecord.table).set("patron_ask", to: ask.rawValue).set("patron_ask_at", to: now)
                .where("id", .equal, id).run()
        }
    }

    /// The write that clears the patron's ask once `action` did it or made it moot, if there is one to clear.
    static func settled(by action: Action, on stored: StoredRequest, after state: RequestState) -> SideWrites? {
        guard let raw = stored.row.patronAsk, let ask = PatronWording.PendingAsk(rawValue: raw) else { return nil }
        let done: Bool
        switch ask {
        case .renewal: done = action == .renew || state.status != .received
        case .cancel: done = action == .cancel || state.status.isFinal
        }
        guard done else { return nil }
        return { sql, id in
            try await sql.update(RequestRecord.table).set("patron_ask", to: SQLLiteral.null)
                .set("patron_ask_at", to: SQLLiteral.null).where("id", .equal, id).run()
        }
    }
}
