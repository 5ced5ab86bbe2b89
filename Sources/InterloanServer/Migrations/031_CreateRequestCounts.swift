import Fluent
import SQLKit

/// On SQLite, how many requests each library has in each status, as borrower and as current lender, kept by the
/// database itself: triggers on `requests` move a request's count whenever it is inserted, deleted, or changes
/// status, borrower or lender, in the same transaction, whatever wrote it. The home page's work queues read these
/// instead of counting the library's requests, which grows with them. SQLite has one writer, so keeping them costs
/// each action a few row writes and no waiting.
///
/// Not on PostgreSQL: there concurrent transactions (and write batches of many actions) would all write a
/// library's few count rows, wait on each other and deadlock (BENCHMARKS.md); `RequestCounts` counts the requests
/// there instead.
struct CreateRequestCounts: AsyncMigration {
    var name: String { "031_CreateRequestCounts" }

    static let table = "request_counts"

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw(
            """
            CREATE TABLE request_counts (library_id INTEGER NOT NULL, side TEXT NOT NULL, status TEXT NOT NULL, \
            count INTEGER NOT NULL, PRIMARY KEY (library_id, side, status))
            """
        ).run()
        for statement in Self.triggers {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await sql.raw(
            """
            INSERT INTO request_counts (library_id, side, status, count) \
            SELECT borrower_id, 'borrowing', status, COUNT(*) FROM requests GROUP BY borrower_id, status
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO request_counts (library_id, side, status, count) \
            SELECT current_lender_id, 'lending', status, COUNT(*) FROM requests \
            WHERE current_lender_id IS NOT NULL GROUP BY current_lender_id, status
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        guard sql.dialect.name == "sqlite" else { return }
        for name in ["insert", "update", "delete"] {
            try await sql.raw("DROP TRIGGER request_counts_\(unsafeRaw: name)").run()
        }
        try await sql.raw("DROP TABLE request_counts").run()
    }

    /// One upsert adding `delta` to the count of `row`'s library on `side` (`new` or `old`); the lender's only
    /// when the request has one.
    private static func upsert(_ row: String, _ side: String, _ delta: Int) -> String {
        let library = side == "borrowing" ? "\(row).borrower_id" : "\(row).current_lender_id"
        return """
            INSERT INTO request_counts (library_id, side, status, count) \
            SELECT \(library), '\(side)', \(row).status, \(delta) WHERE \(library) IS NOT NULL \
            ON CONFLICT (library_id, side, status) DO UPDATE SET count = count + \(delta);
            """
    }

    private static var triggers: [String] {
        let moved =
            "old.status IS NOT new.status OR old.borrower_id IS NOT new.borrower_id "
            + "OR old.current_lender_id IS NOT new.current_lender_id"
        let add = upsert("new", "borrowing", 1) + upsert("new", "lending", 1)
        let remove = upsert("old", "borrowing", -1) + upsert("old", "lending", -1)
        return [
            "CREATE TRIGGER request_counts_insert AFTER INSERT ON requests BEGIN \(add) END",
            """
            CREATE TRIGGER request_counts_update AFTER UPDATE OF status, borrower_id, current_lender_id ON requests \
            WHEN \(moved) BEGIN \(remove) \(add) END
            """,
            "CREATE TRIGGER request_counts_delete AFTER DELETE ON requests BEGIN \(remove) END",
        ]
    }
}
