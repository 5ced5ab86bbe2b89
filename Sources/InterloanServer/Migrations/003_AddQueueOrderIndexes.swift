import Fluent
import SQLKit

/// Work queues list one library's requests in one state, newest change first: indexes on
/// (library, status, updated_at) answer them with an ordered index scan instead of sorting every match.
struct AddQueueOrderIndexes: AsyncMigration {
    var name: String { "003_AddQueueOrderIndexes" }

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        try await sql.drop(index: "requests_borrower_status").run()
        try await sql.drop(index: "requests_lender_status").run()
        try await sql.drop(index: "requests_status").run()
        try await sql.create(index: "requests_borrower_status_updated").on(RequestRecord.table)
            .column("borrower_id").column("status").column("updated_at").run()
        try await sql.create(index: "requests_lender_status_updated").on(RequestRecord.table)
            .column("current_lender_id").column("status").column("updated_at").run()
        try await sql.create(index: "requests_status_updated").on(RequestRecord.table)
            .column("status").column("updated_at").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        for index in ["requests_borrower_status_updated", "requests_lender_status_updated", "requests_status_updated"] {
            try await sql.drop(index: index).run()
        }
        try await sql.create(index: "requests_borrower_status").on(RequestRecord.table)
            .column("borrower_id").column("status").run()
        try await sql.create(index: "requests_lender_status").on(RequestRecord.table)
            .column("current_lender_id").column("status").run()
        try await sql.create(index: "requests_status").on(RequestRecord.table).column("status").run()
    }
}
