import Fluent
import SQLKit

/// The NCIP outbox claims the oldest pending calls first, fifty at a time: an index on (state, id) hands them over in
/// that order and stops at the fiftieth, where the index on (state, next_attempt_at) made every claim read and sort
/// all the calls due (tens of thousands under load) to keep fifty. The due time is checked on each row read.
struct OrderDueILSCalls: AsyncMigration {
    var name: String { "029_OrderDueILSCalls" }

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        try await sql.drop(index: "ils_calls_due").run()
        try await sql.create(index: "ils_calls_state_id").on(ILSCallRecord.table).column("state").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        try await sql.drop(index: "ils_calls_state_id").run()
        try await sql.create(index: "ils_calls_due").on(ILSCallRecord.table).column("state").column("next_attempt_at")
            .run()
    }
}
