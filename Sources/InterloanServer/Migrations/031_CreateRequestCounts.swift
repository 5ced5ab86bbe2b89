import Fluent
import SQLKit

/// How many requests each library has in each status, as borrower and as current lender, kept by the database
/// itself: triggers on `requests` move a request's count whenever it is inserted, deleted, or changes status,
/// borrower or lender, in the same transaction, whatever wrote it. The home page's work queues read these instead
/// of counting the library's requests (a few milliseconds per big queue at a million requests).
///
/// Each count is split over `stripes` rows by request id: on PostgreSQL two transactions moving the same library's
/// requests then seldom wait on the same row, and each moves its rows in one order, so they cannot deadlock.
struct CreateRequestCounts: AsyncMigration {
    var name: String { "031_CreateRequestCounts" }

    static let table = "request_counts"
    static let stripes = 8

    func prepare(on database: any Database) async throws {
        let sql = database.asSQL
        try await sql.raw(
            """
            CREATE TABLE request_counts (library_id INTEGER NOT NULL, side TEXT NOT NULL, status TEXT NOT NULL, \
            stripe INTEGER NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (library_id, side, status, stripe))
            """
        ).run()
        for statement in sql.dialect.name == "sqlite" ? Self.sqliteTriggers : Self.postgresTriggers {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await sql.raw(
            """
            INSERT INTO request_counts (library_id, side, status, stripe, count) \
            SELECT borrower_id, 'borrowing', status, id % \(unsafeRaw: String(Self.stripes)), COUNT(*) FROM requests \
            GROUP BY borrower_id, status, id % \(unsafeRaw: String(Self.stripes))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO request_counts (library_id, side, status, stripe, count) \
            SELECT current_lender_id, 'lending', status, id % \(unsafeRaw: String(Self.stripes)), COUNT(*) \
            FROM requests WHERE current_lender_id IS NOT NULL \
            GROUP BY current_lender_id, status, id % \(unsafeRaw: String(Self.stripes))
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.asSQL
        if sql.dialect.name == "sqlite" {
            for name in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER request_counts_\(unsafeRaw: name)").run()
            }
        } else {
            try await sql.raw("DROP TRIGGER request_counts_moved ON requests").run()
            try await sql.raw("DROP FUNCTION request_counts_move()").run()
        }
        try await sql.raw("DROP TABLE request_counts").run()
    }

    /// One upsert adding `delta` to the count of `row`'s library on `side` (`new` or `old`); the lender's only
    /// when the request has one.
    private static func sqliteUpsert(_ row: String, _ side: String, _ delta: Int) -> String {
        let library = side == "borrowing" ? "\(row).borrower_id" : "\(row).current_lender_id"
        return """
            INSERT INTO request_counts (library_id, side, status, stripe, count) \
            SELECT \(library), '\(side)', \(row).status, \(row).id % \(Self.stripes), \(delta) \
            WHERE \(library) IS NOT NULL \
            ON CONFLICT (library_id, side, status, stripe) DO UPDATE SET count = count + \(delta);
            """
    }

    private static var sqliteTriggers: [String] {
        let moved =
            "old.status IS NOT new.status OR old.borrower_id IS NOT new.borrower_id "
            + "OR old.current_lender_id IS NOT new.current_lender_id"
        let add = sqliteUpsert("new", "borrowing", 1) + sqliteUpsert("new", "lending", 1)
        let remove = sqliteUpsert("old", "borrowing", -1) + sqliteUpsert("old", "lending", -1)
        return [
            "CREATE TRIGGER request_counts_insert AFTER INSERT ON requests BEGIN \(add) END",
            """
            CREATE TRIGGER request_counts_update AFTER UPDATE OF status, borrower_id, current_lender_id ON requests \
            WHEN \(moved) BEGIN \(remove) \(add) END
            """,
            "CREATE TRIGGER request_counts_delete AFTER DELETE ON requests BEGIN \(remove) END",
        ]
    }

    /// One statement per change, its rows summed by key and written in key order, so two transactions take their
    /// row locks in the same order.
    private static var postgresTriggers: [String] {
        let stripes = Self.stripes
        let moves = { (row: String, sign: String) in
            """
            (\(row).borrower_id, 'borrowing', \(row).status, \(row).id % \(stripes), \(sign)1), \
            (\(row).current_lender_id, 'lending', \(row).status, \(row).id % \(stripes), \(sign)1)
            """
        }
        let upsert = { (rows: String) in
            """
            INSERT INTO request_counts (library_id, side, status, stripe, count) \
            SELECT column1, column2, column3, column4, SUM(column5) FROM (VALUES \(rows)) AS moves \
            WHERE column1 IS NOT NULL GROUP BY column1, column2, column3, column4 HAVING SUM(column5) <> 0 \
            ORDER BY column1, column2, column3, column4 \
            ON CONFLICT (library_id, side, status, stripe) \
            DO UPDATE SET count = request_counts.count + excluded.count;
            """
        }
        return [
            """
            CREATE FUNCTION request_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
            IF TG_OP = 'INSERT' THEN \(upsert(moves("NEW", ""))) \
            ELSIF TG_OP = 'DELETE' THEN \(upsert(moves("OLD", "-"))) \
            ELSE \(upsert(moves("OLD", "-") + ", " + moves("NEW", ""))) END IF; \
            RETURN NULL; END $$
            """,
            """
            CREATE TRIGGER request_counts_moved AFTER INSERT OR DELETE OR UPDATE OF status, borrower_id, \
            current_lender_id ON requests FOR EACH ROW EXECUTE FUNCTION request_counts_move()
            """,
        ]
    }
}
