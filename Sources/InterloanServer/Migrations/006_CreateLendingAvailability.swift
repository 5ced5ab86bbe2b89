import Fluent
import SQLKit

/// The lending availability registry (every declaration kept as history), each library's response time, and the
/// consortium's last-resort lenders.
struct CreateLendingAvailability: AsyncMigration {
    var name: String { "006_CreateLendingAvailability" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AvailabilityRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("status", .string, .required)
            .field("reason", .string)
            .field("from_day", .string)
            .field("until_day", .string)
            .field("declared_at", .datetime, .required)
            .field("declared_by", .string, .required)
            .create()
        let sql = database.asSQL
        try await sql.create(index: "lending_availability_library").on(AvailabilityRecord.table).column("library_id")
            .column("id").run()
        try await database.schema(LastResortRecord.table)
            .field("position", .int, .required)
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .unique(on: "library_id")
            .create()
        try await database.schema(LibraryModel.schema)
            .field("response_days", .int, .required, .sql(.default(LibraryModel.standardResponseDays)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LibraryModel.schema).deleteField("response_days").update()
        try await database.schema(LastResortRecord.table).delete()
        try await database.schema(AvailabilityRecord.table).delete()
    }
}
