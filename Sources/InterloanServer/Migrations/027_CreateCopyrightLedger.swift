import Fluent
import SQLKit

/// Each borrowing library's copies against the copyright guidelines, one row per copy request: the calendar year,
/// the title's key (normalised ISSNs, else the folded title), the article's year, under which terms it was asked
/// and what became of it; kept until the end of the third full calendar year after. The requests gain the terms
/// they were asked under, the article's publication date and the journal's electronic ISSN.
struct CreateCopyrightLedger: AsyncMigration {
    var name: String { "027_CreateCopyrightLedger" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CopyrightEntryRecord.table)
            .field(.id, .int, .identifier(auto: true))
            .field("library_id", .int, .required, .references(LibraryModel.schema, .id))
            .field("request_id", .int, .required, .references(RequestRecord.table, .id))
            .field("year", .int, .required)
            .field("issns", .string, .required)
            .field("title_key", .string)
            .field("title", .string, .required)
            .field("publication_year", .int)
            .field("compliance", .string, .required)
            .field("decision", .string, .required)
            .field("fee_cents", .int)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "request_id")
            .create()
        try await database.asSQL.create(index: "copyright_ledger_library_year").on(CopyrightEntryRecord.table)
            .column("library_id").column("year").run()
        for column in ["copyright_compliance", "copyright_note", "publication_date", "eissn"] {
            try await database.schema(RequestRecord.table).field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["copyright_compliance", "copyright_note", "publication_date", "eissn"] {
            try await database.schema(RequestRecord.table).deleteField(.string(column)).update()
        }
        try await database.schema(CopyrightEntryRecord.table).delete()
    }
}
