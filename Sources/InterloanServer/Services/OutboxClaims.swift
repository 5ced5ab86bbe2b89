import Foundation
import SQLKit

/// Claims due rows of an outbox table (mail, partner messages) for one sender, so that several instances on one
/// database never send the same row twice.
///
/// The outboxes write through `Writes` like every action: on SQLite a write on a connection of its own would
/// wait for the server's writer to let go of the lock, and the writer then for it, each wait a sleep of
/// milliseconds (the tail of the lifecycle benchmark while the demo's notices went out; BENCHMARKS.md).
enum OutboxClaims {
    /// Claims those of `ids` still pending and unclaimed (or whose claim ran out) until `until`, in one
    /// transaction through the server's writer; returns the ids it claimed.
    static func claim(
        _ ids: [Int], in table: String, pendingState: String, now: Date, until: Date, through writes: Writes
    ) async throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        return try await writes.write { sql in
            var claimed: Set<Int> = []
            for id in ids {
                let rows = try await sql.update(table)
                    .set("claimed_until", to: until)
                    .where("id", .equal, id)
                    .where("state", .equal, pendingState)
                    .where(group: {
                        $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, now)
                    })
                    .returning("id").all()
                if !rows.isEmpty { claimed.insert(id) }
            }
            return claimed
        }
    }
}

extension OutboxClaims {
    /// Releases every claim in `table`. Only for a server holding the SQLite file's serving lock: no other server
    /// can be sending, so a claim left is one a process took before it was killed, and its rows would otherwise
    /// wait out the claim (ten minutes for mail) before anyone sent them.
    @discardableResult
    static func releaseAbandoned(in table: String, through writes: Writes) async throws -> Int {
        try await writes.write { sql in
            try await sql.update(table).set("claimed_until", to: SQLLiteral.null)
                .where("claimed_until", .isNot, SQLLiteral.null).returning("id").all().count
        }
    }
}
