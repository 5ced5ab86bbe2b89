import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A lender that has not answered within its response time (working days, skipping weekends and holidays) is
/// recorded as "no answer" and the next lender in the string is asked; an exhausted string goes to the team.
struct NoAnswerRule: JobRule {
    let name = "lender-no-answer"

    private struct Waiting: Decodable {
        let id: Int
        let lenderID: Int
        let askedAt: Date

        enum CodingKeys: String, CodingKey {
            case id
            case lenderID = "library_id"
            case askedAt = "asked_at"
        }
    }

    /// The first instant at which a lender asked at `askedAt` with `responseDays` has let its time pass: the
    /// start of the day after its last working day.
    static func deadline(askedAt: Date, responseDays: Int, calendar: WorkingCalendar) -> Date {
        calendar.workingDay(responseDays, after: Day(askedAt)).adding(days: 1).date
    }

    func run(asOf now: Date, context: JobContext) async throws -> Int {
        let sql = context.application.db as! any SQLDatabase
        // Working days are never fewer than calendar days, so nothing asked within the shortest response time of
        // calendar days can be late: the query needs no calendar.
        let shortest = LibraryModel.responseDayChoices.min() ?? 1
        let rows = try await sql.select()
            .column(SQLColumn("id", table: RequestModel.schema))
            .column(SQLColumn("library_id", table: AttemptRecord.table))
            .column(SQLColumn("asked_at", table: AttemptRecord.table))
            .from(RequestModel.schema)
            .join(AttemptRecord.table, on: SQLColumn("request_id", table: AttemptRecord.table), .equal,
                SQLColumn("id", table: RequestModel.schema))
            .where(SQLColumn("status", table: RequestModel.schema), .equal, SQLBind(RequestStatus.sentToLender.rawValue))
            .where(SQLColumn("position", table: AttemptRecord.table), .equal,
                SQLColumn("current_lender_position", table: RequestModel.schema))
            .where(SQLColumn("asked_at", table: AttemptRecord.table), .lessThan,
                SQLBind(now.addingTimeInterval(-Double(shortest) * 86_400)))
            .orderBy(SQLColumn("id", table: RequestModel.schema))
            .all(decoding: Waiting.self)
        let calendar = WorkingCalendar.standard(around: Day(now))
        let directory = context.application.libraryDirectory
        var moved = 0
        for row in rows {
            guard let lender = try await directory.library(id: row.lenderID, on: context.application.db) else { continue }
            let deadline = Self.deadline(askedAt: row.askedAt, responseDays: lender.responseDays, calendar: calendar)
            guard now >= deadline else { continue }
            let note = "No answer from \(lender.symbol) within \(lender.responseDays) working days "
                + "(asked \(Day(row.askedAt)), last day \(Day(deadline).adding(days: -1)))"
            // One request that cannot be moved (a failing partner lookup, a database hiccup) must not hold up the
            // others: it is logged and tried again at the next pass.
            do {
                if try await context.perform(.noAnswer, note: note, onRequest: row.id, expecting: lender.symbol) {
                    moved += 1
                }
            } catch {
                context.application.logger.error(
                    "no-answer rule skipped request \(RequestNumber.encode(row.id)): \(String(describing: error))")
            }
        }
        return moved
    }
}
