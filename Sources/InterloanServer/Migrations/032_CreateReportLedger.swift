import Fluent
import SQLKit

/// The report tallies kept as events are written (`ReportLedger`): the tallies, each open month's request shares,
/// and how far through the events they are. They start empty at event 0, so the first catching up tallies every
/// request already placed.
struct CreateReportLedger: AsyncMigration {
    var name: String { "032_CreateReportLedger" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReportTallyRecord.table)
            .field("key", .string, .required, .identifier(auto: false))
            .field("month", .string, .required)
            .field("library", .string, .required)
            .field("service_type", .string, .required)
            .field("figure", .string, .required)
            .field("dimension", .string, .required)
            .field("count", .int, .required)
            .field("tally", .string)
            .field("first_request_id", .int)
            .field("spelling", .string)
            .create()
        try await database.asSQL.create(index: "report_tallies_month_figure").on(ReportTallyRecord.table)
            .column("month").column("figure").run()
        try await database.schema(ReportShareRecord.table)
            .field("request_id", .int, .required, .identifier(auto: false))
            .field("month", .string, .required)
            .field("share", .string, .required)
            .create()
        try await database.asSQL.create(index: "report_shares_month").on(ReportShareRecord.table)
            .column("month").run()
        try await database.schema(ReportLedgerRecord.table)
            .field("id", .int, .required, .identifier(auto: false))
            .field("last_event_id", .int, .required)
            .create()
        // Reports fold the days of a month a period covers only in part from the requests placed on them.
        try await database.asSQL.create(index: "requests_created_at").on(RequestRecord.table).column("created_at").run()
        try await database.asSQL.insert(into: ReportLedgerRecord.table).row(ReportLedgerRecord(id: 1, lastEventID: 0))
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.asSQL.drop(index: "requests_created_at").run()
        for table in [ReportLedgerRecord.table, ReportShareRecord.table, ReportTallyRecord.table] {
            try await database.schema(table).delete()
        }
    }
}
