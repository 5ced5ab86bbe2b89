import Fluent
import SQLKit

/// Closed months: which months' figures are frozen, and the report facts of each request placed in them as they
/// stood at closing, so late events never move a closed month's figures.
struct CreateReportMonths: AsyncMigration {
    var name: String { "028_CreateReportMonths" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReportMonthRecord.table)
            .field("month", .string, .required)
            .field("closed_at", .datetime, .required)
            .unique(on: "month")
            .create()
        try await database.schema(ReportMonthFactsRecord.table)
            .field("request_id", .int, .required)
            .field("month", .string, .required)
            .field("facts", .string, .required)
            .unique(on: "request_id")
            .create()
        try await database.asSQL.create(index: "report_month_facts_month").on(ReportMonthFactsRecord.table)
            .column("month").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportMonthFactsRecord.table).delete()
        try await database.schema(ReportMonthRecord.table).delete()
    }
}
