import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Closed months: a month's figures frozen, so events that arrive later for its requests do not move them. A month
/// closes on demand (`interloan reports close --month YYYY-MM`) or by the scheduled rule seven days after it ends.
enum ReportMonths {
    /// Days after a month's end when the scheduled rule closes it.
    static let closeAfterDays = 7
    /// Facts written per statement.
    private static let rowsPerStatement = 200

    /// Why a month cannot close; nothing changed.
    enum Refusal: Error, CustomStringConvertible, Equatable {
        case notAMonth(String)
        case notEnded(String)
        case alreadyClosed(String)

        var description: String {
            switch self {
            case .notAMonth(let text): return "\(text) is not a month written YYYY-MM"
            case .notEnded(let month): return "\(month) has not ended yet"
            case .alreadyClosed(let month): return "\(month) is closed already; its figures stay as they are"
            }
        }
    }

    /// `YYYY-MM` of `day`.
    static func month(of day: Day) -> String {
        String(day.description.prefix(7))
    }

    /// The first day of a month written `YYYY-MM`, or nil.
    static func firstDay(of month: String) -> Day? {
        guard month.utf8.count == 7 else { return nil }
        return Day(month + "-01")
    }

    /// The first day of the month after the one `day` is in.
    /// Past the last month a `Day` names (December 9999), a day after every day a period can hold.
    static func nextMonth(after day: Day) -> Day {
        Day(year: day.month == 12 ? day.year + 1 : day.year, month: day.month % 12 + 1, day: 1)
            ?? day.adding(days: 31)
    }

    /// The first day of the month before the one `day` is in.
    /// Before the first month a `Day` names (January of year 1), a day before every day a period can hold.
    static func previousMonth(before day: Day) -> Day {
        Day(year: day.month == 1 ? day.year - 1 : day.year, month: (day.month + 10) % 12 + 1, day: 1)
            ?? day.adding(days: -31)
    }

    /// Freezes `month`'s figures as of `now`, in one transaction with the month's mark: its tallies brought up to
    /// the latest event and left alone from then on, and the facts of every request placed in it (for periods that
    /// cover part of it). Returns how many requests were frozen.
    @discardableResult
    static func close(_ month: String, at now: Date, on application: Application) async throws -> Int {
        guard let first = self.firstDay(of: month) else { throw Refusal.notAMonth(month) }
        let next = self.nextMonth(after: first)
        guard next <= Day(now) else { throw Refusal.notEnded(month) }
        if try await self.isClosed(month, on: application.reads) { throw Refusal.alreadyClosed(month) }
        // Most of the way in passes that let actions through; the rest inside the closing write.
        try await ReportLedger.catchUp(on: application)
        let context = try await Reports.context(libraries: nil, on: application, database: application.db)
        let mark = ReportMonthRecord(month: month, closedAt: now)
        let frozen: Int
        do {
            frozen = try await application.writes.write { sql in
                // Every event written before the month closes is in its figures, every later one in none: on
                // PostgreSQL the lock waits for the transactions writing events and holds new ones off.
                if sql.dialect.name == "postgresql" {
                    try await sql.raw("LOCK TABLE request_events IN SHARE MODE").run()
                }
                try await ReportLedger.catchUp(within: sql, context: context)
                // The month's unique mark goes first: a second closing at the same time fails here, whole.
                try await sql.raw(RowInsert.query([mark], nilAsNull: true)).run()
                let facts = try await ReportHistory.folded(
                    placedFrom: first, to: next.adding(days: -1), serviceType: nil, libraryIDs: nil, on: sql)
                let encoder = JSONEncoder()
                let rows = try facts.map {
                    ReportMonthFactsRecord(
                        requestID: $0.requestID, month: month,
                        facts: String(decoding: try encoder.encode($0), as: UTF8.self))
                }
                for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
                    let slice = Array(rows[start..<min(start + Self.rowsPerStatement, rows.count)])
                    try await sql.raw(RowInsert.query(slice, nilAsNull: true)).run()
                }
                try await ReportLedger.dropShares(of: month, on: sql)
                return rows.count
            }
        } catch {
            // Another instance (or the command) closed it between the check and the write.
            if try await self.isClosed(month, on: application.reads) { throw Refusal.alreadyClosed(month) }
            throw error
        }
        return frozen
    }

    /// Closes every month that ended at least `closeAfterDays` before `now`, from the month of the first request
    /// on, and is not closed yet. Returns how many it closed.
    static func closeDue(asOf now: Date, on application: Application) async throws -> Int {
        guard
            let earliest = try await application.reads.raw("SELECT MIN(created_at) AS first FROM requests").first()?
                .decode(column: "first", as: Date?.self)
        else { return 0 }
        let closed = Set(try await self.closed(from: Day(earliest), to: Day(now), on: application.reads))
        var start = Day(year: Day(earliest).year, month: Day(earliest).month, day: 1)!
        var count = 0
        while self.nextMonth(after: start).adding(days: self.closeAfterDays) <= Day(now) {
            let month = self.month(of: start)
            if !closed.contains(month) {
                do {
                    try await self.close(month, at: now, on: application)
                    count += 1
                } catch Refusal.alreadyClosed {
                    // Closed meanwhile by the command or another instance: nothing more to do for it.
                }
            }
            start = self.nextMonth(after: start)
        }
        return count
    }

    static func isClosed(_ month: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("month").from(ReportMonthRecord.table).where("month", .equal, month).first()
            != nil
    }

    /// The closed months from `from`'s month to `to`'s, in order.
    static func closed(from: Day, to: Day, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column("month").from(ReportMonthRecord.table)
            .where("month", .greaterThanOrEqual, self.month(of: from))
            .where("month", .lessThanOrEqual, self.month(of: to)).orderBy("month").all()
            .map { try $0.decode(column: "month", as: String.self) }
    }

    /// The frozen facts of the requests placed in `months`.
    static func frozenFacts(months: [String], on sql: any SQLDatabase) async throws -> [RequestFacts] {
        guard !months.isEmpty else { return [] }
        let decoder = JSONDecoder()
        return try await sql.select().column("facts").from(ReportMonthFactsRecord.table)
            .where("month", .in, months).orderBy("request_id").all()
            .map {
                try decoder.decode(RequestFacts.self, from: Data(try $0.decode(column: "facts", as: String.self).utf8))
            }
    }
}
