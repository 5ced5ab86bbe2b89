import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The report tallies kept in the database as the history grows, so that a report adds up a few thousand stored
/// entries instead of folding a year of requests. Catching up reads the events written since it last ran, folds
/// each of their requests again from its whole history, and replaces the request's share of the tallies by the new
/// one (`ReportTallies.change`), in passes of at most `eventsPerPass` events, each one write. Requests of closed
/// months are left as they were when the month closed.
///
/// Catching up runs in the background while the server serves, before every report, and when a month closes.
enum ReportLedger {
    /// How often `serve` catches up in the background, so that a report finds little left to do.
    static let interval: Duration = .seconds(2)
    /// Events read per pass while serving: one pass is one write, short enough not to hold up the actions waiting
    /// behind it for long. Each entry a pass touches is read and written once whatever the number of events, so
    /// catching up a long history (a command, a month closing) takes many more at once.
    static let eventsPerPass = 20_000
    static let eventsPerLongPass = 200_000
    /// Keys looked up or removed per statement (SQLite accepts at most 32,766 bound values).
    private static let keysPerStatement = 500
    private static let rowsPerInsert = 200

    /// Brings the tallies up to every event written before it began, with the directory and courier calendar as
    /// they stand now. Returns how many request shares it replaced.
    @discardableResult
    static func catchUp(on application: Application, eventsPerPass: Int = Self.eventsPerPass) async throws -> Int {
        guard let horizon = try await self.horizon(on: application) else { return 0 }
        if try await self.lastEvent(on: application.reads) >= horizon { return 0 }
        let context = try await Reports.context(libraries: nil, on: application, database: application.db)
        var replaced = 0
        while true {
            let pass = try await application.writes.write { sql in
                try await self.pass(upTo: horizon, events: eventsPerPass, context: context, on: sql)
            }
            replaced += pass.replaced
            if pass.finished { return replaced }
        }
    }

    /// Catches up inside a write that already holds every event writer off (SQLite's one writer; on PostgreSQL a
    /// transaction that locked `request_events`), to the last event it can see.
    static func catchUp(within sql: any SQLDatabase, context: TallyContext) async throws {
        guard
            let horizon = try await sql.raw("SELECT MAX(id) AS last FROM request_events").first()?
                .decode(column: "last", as: Int?.self)
        else { return }
        while try await !self.pass(upTo: horizon, events: Self.eventsPerLongPass, context: context, on: sql).finished {}
    }

    /// The last event written for which every earlier one is committed too; nil when there is none. On SQLite one
    /// writer numbers them in commit order; on PostgreSQL a transaction may commit an event numbered before one
    /// already committed, so the number is read under a lock that waits for every transaction writing events.
    private static func horizon(on application: Application) async throws -> Int? {
        let query: SQLQueryString = "SELECT MAX(id) AS last FROM request_events"
        guard application.reads.dialect.name == "postgresql" else {
            return try await application.reads.raw(query).first()?.decode(column: "last", as: Int?.self)
        }
        return try await application.writes.write { sql in
            try await sql.raw("LOCK TABLE request_events IN SHARE MODE").run()
            return try await sql.raw(query).first()?.decode(column: "last", as: Int?.self)
        }
    }

    private static func lastEvent(on sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column("last_event_id").from(ReportLedgerRecord.table).where("id", .equal, 1).first()?
            .decode(column: "last_event_id", as: Int.self) ?? 0
    }

    /// One pass: the requests of the next events up to `horizon`, their shares replaced; `finished` once no event
    /// up to it is left.
    private static func pass(
        upTo horizon: Int, events limit: Int, context: TallyContext, on sql: any SQLDatabase
    ) async throws -> (
        replaced: Int, finished: Bool
    ) {
        // Locked on PostgreSQL, so that two instances catching up take turns instead of tallying an event twice.
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard
            let after = try await sql.raw(
                "SELECT last_event_id FROM report_ledger WHERE id = 1\(unsafeRaw: lock)"
            ).first()?.decode(column: "last_event_id", as: Int.self)
        else { return (0, true) }
        let events = try await sql.raw(
            """
            SELECT id, request_id FROM request_events WHERE id > \(bind: after) AND id <= \(bind: horizon) \
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all()
        guard let last = try events.last?.decode(column: "id", as: Int.self) else { return (0, true) }
        var seen: Set<Int> = []
        let ids = try events.map { try $0.decode(column: "request_id", as: Int.self) }.filter {
            seen.insert($0).inserted
        }
        let replaced = try await self.replaceShares(of: ids, context: context, on: sql)
        try await sql.update(ReportLedgerRecord.table).set("last_event_id", to: last).where("id", .equal, 1).run()
        return (replaced, last >= horizon)
    }

    /// Folds requests `ids` from their whole history and puts their new shares in place of the old ones, leaving
    /// alone those placed in a closed month. Returns how many it replaced.
    static func replaceShares(of ids: [Int], context: TallyContext, on sql: any SQLDatabase) async throws -> Int {
        let closed = Set(
            try await sql.select().column("month").from(ReportMonthRecord.table).all()
                .map { try $0.decode(column: "month", as: String.self) })
        let facts = try await ReportHistory.folded(requestIDs: ids, on: sql).filter {
            !closed.contains(ReportMonths.month(of: Day($0.placedAt)))
        }
        guard !facts.isEmpty else { return 0 }
        var old: [Int: ReportTallies] = [:]
        for start in stride(from: 0, to: facts.count, by: Self.keysPerStatement) {
            let slice = facts[start..<min(start + Self.keysPerStatement, facts.count)].map(\.requestID)
            for record in try await sql.select().columns("*").from(ReportShareRecord.table)
                .where("request_id", .in, slice).all(reading: ReportShareRecord.self)
            {
                old[record.requestID] = ReportTallies(encoded: record.share)
            }
        }
        var change = ReportTallies()
        var shares: [ReportShareRecord] = []
        for request in facts {
            let share = ReportTallies(of: request, context: context)
            change.add(ReportTallies.change(from: old[request.requestID] ?? ReportTallies(), to: share))
            shares.append(
                ReportShareRecord(
                    requestID: request.requestID, month: ReportMonths.month(of: Day(request.placedAt)),
                    share: share.encoded))
        }
        var entries = change.withoutEmptyEntries()
        entries.add(entries.forTheConsortium())
        try await self.apply(entries, on: sql)
        for start in stride(from: 0, to: shares.count, by: Self.rowsPerInsert) {
            let slice = Array(shares[start..<min(start + Self.rowsPerInsert, shares.count)])
            try await sql.raw(
                RowInsert.query(
                    slice, nilAsNull: true,
                    suffix: "ON CONFLICT (request_id) DO UPDATE SET month = excluded.month, share = excluded.share")
            ).run()
        }
        return facts.count
    }

    /// Adds `change` to the stored tallies: each entry it touches read, added to, and written back, or removed
    /// once it comes to nothing.
    private static func apply(_ change: ReportTallies, on sql: any SQLDatabase) async throws {
        var touched: [String: ReportTallies.Key] = [:]
        for key in change.counts.keys { touched[ReportTallyKey.text(key)] = key }
        for key in change.durations.keys { touched[ReportTallyKey.text(key)] = key }
        for key in change.titles.keys { touched[ReportTallyKey.text(key)] = key }
        guard !touched.isEmpty else { return }
        var tallies = change
        let names = Array(touched.keys)
        for start in stride(from: 0, to: names.count, by: Self.keysPerStatement) {
            let slice = Array(names[start..<min(start + Self.keysPerStatement, names.count)])
            let stored = try await sql.select().columns("*").from(ReportTallyRecord.table).where("key", .in, slice)
                .all(reading: ReportTallyRecord.self)
            for record in stored { ReportTallyKey.add(record, to: &tallies) }
        }
        tallies = tallies.withoutEmptyEntries()
        var rows: [ReportTallyRecord] = []
        var emptied: [String] = []
        for (name, key) in touched {
            if let record = ReportTallyKey.record(key, of: tallies) {
                rows.append(record)
            } else {
                emptied.append(name)
            }
        }
        for start in stride(from: 0, to: emptied.count, by: Self.keysPerStatement) {
            let slice = Array(emptied[start..<min(start + Self.keysPerStatement, emptied.count)])
            try await sql.delete(from: ReportTallyRecord.table).where("key", .in, slice).run()
        }
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerInsert) {
            let slice = Array(rows[start..<min(start + Self.rowsPerInsert, rows.count)])
            try await sql.raw(
                RowInsert.query(
                    slice, nilAsNull: true,
                    suffix: """
                        ON CONFLICT (key) DO UPDATE SET count = excluded.count, tally = excluded.tally, \
                        first_request_id = excluded.first_request_id, spelling = excluded.spelling
                        """)
            ).run()
        }
    }

    /// The stored tallies of the requests placed in `months` (`YYYY-MM`) for the `figures` asked for: each
    /// library's, or with `consortium` the whole consortium's (`ReportTallies.forTheConsortium()`).
    static func tallies(
        months: [String], figures: Set<ReportTallies.Figure>, serviceType: ServiceType?, consortium: Bool,
        on sql: any SQLDatabase
    ) async throws -> ReportTallies {
        var tallies = ReportTallies()
        guard !months.isEmpty, !figures.isEmpty else { return tallies }
        var query = sql.select().columns("*").from(ReportTallyRecord.table).where("month", .in, months)
            .where("figure", .in, figures.map(\.rawValue))
            .where("library", consortium ? .equal : .notEqual, ReportTallies.consortiumLibrary)
        if let serviceType { query = query.where("service_type", .equal, serviceType.rawValue) }
        for record in try await query.all(reading: ReportTallyRecord.self) { ReportTallyKey.add(record, to: &tallies) }
        return tallies
    }

    /// Drops the shares of the requests placed in `month`, which closing it has frozen.
    static func dropShares(of month: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: ReportShareRecord.table).where("month", .equal, month).run()
    }
}
