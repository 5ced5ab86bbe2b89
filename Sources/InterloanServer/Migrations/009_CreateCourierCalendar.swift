import Fluent
import InterloanCore
import SQLKit

/// Courier holidays (dated rows the team edits, seeded with DOMAIN.md's holidays, observed dates, for
/// 2024 to 2035) and the route delays the team posts.
struct CreateCourierCalendar: AsyncMigration {
    var name: String { "009_CreateCourierCalendar" }
    static let seededYears = 2024...2035

    func prepare(on database: any Database) async throws {
        try await database.schema(HolidayRecord.table)
            .field("day", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .create()
        try await database.schema(RouteDelayRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("route", .string, .required)
            .field("from_day", .string, .required)
            .field("until_day", .string, .required)
            .field("message", .string, .required)
            .field("posted_at", .datetime, .required)
            .field("posted_by", .string, .required)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "route_delays_until").on(RouteDelayRecord.table).column("until_day").run()
        // The columns as this migration made them, whatever the record declares later.
        let insert = sql.insert(into: HolidayRecord.table).columns("day", "name")
        for holiday in Self.seededYears.flatMap({ StandardHolidays.of(year: $0) }) {
            insert.values(SQLBind(holiday.day.description), SQLBind(holiday.name))
        }
        try await insert.run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RouteDelayRecord.table).delete()
        try await database.schema(HolidayRecord.table).delete()
    }
}
