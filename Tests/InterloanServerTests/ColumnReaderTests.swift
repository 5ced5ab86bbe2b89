import Foundation
import SQLKit
import Testing

@testable import InterloanServer

extension DatabaseTests {
    /// Rows read column by column (`ColumnReader`), on the server's own SQLite handles and on PostgreSQL alike.
    @Suite struct ColumnReaderTests {
        @Test func requestRowsReadBackWhatTheAPIWrote() async throws {
            try await withTestApp { context in
                let full = try await context.place(
                    #"""
                    {"title": "Pâté \"Atlas\"", "author": "Ng, Ada", "isbn": "9780000000002", "issn": "1234-5679",
                     "oclcNumber": "12345", "serviceType": "copy", "articleTitle": "On salt", "journalTitle": "Salt",
                     "volume": "3", "issue": "2", "pages": "1-9", "neededBy": "2099-01-31", "notes": "fragile",
                     "lenders": ["LEN"], "patron": {"id": "P-1", "name": "Ada Ng", "email": "ada@example.org"}}
                    """#)
                _ = try await context.act(full, "willSupply", as: "LEN")
                _ = try await context.act(full, "ship", as: "LEN", #"{"carrier": "courier"}"#)
                _ = try await context.place(#"{"title": "Bare"}"#)
                let rows = try await context.app.reads.raw("SELECT * FROM requests ORDER BY id").all()
                #expect(rows.count == 2)
                let shipped = try RequestRecord(row: rows[0])
                #expect(shipped.patronName == "Ada Ng" && shipped.followUpAt != nil && shipped.currentLenderID != nil)
                #expect(shipped.title == "Pâté \"Atlas\"" && shipped.journalTitle == "Salt" && shipped.pages == "1-9")
                #expect(shipped.serviceType == "copy" && shipped.status == "shipped" && shipped.version == 3)
                let bare = try RequestRecord(row: rows[1])
                #expect(bare.author == nil && bare.patronName == nil && bare.followUpAt == nil)
            }
        }

        @Test func nullAbsentAndMistypedColumnsReadAsCodableWouldReadThem() async throws {
            try await withTestApp { context in
                let row = try #require(
                    try await context.app.reads.raw("SELECT 7 AS number, 'seven' AS word, NULL AS empty").first())
                let columns = ColumnReader(row)
                #expect(try columns.int("number") == 7)
                #expect(try columns.string("word") == "seven")
                #expect(try columns.optionalString("empty") == nil)
                #expect(try columns.optionalInt("absent") == nil)
                #expect(throws: (any Error).self) { try columns.int("word") }
                #expect(throws: (any Error).self) { try columns.string("absent") }
                #expect(throws: (any Error).self) { try columns.int("empty") }
            }
        }

        /// SQLite stores a date as seconds since 1970, an integer when it has no fraction.
        @Test func sqliteDatesReadFromWholeAndFractionalSeconds() async throws {
            try await withTestApp(sqliteOnly: true) { context in
                let row = try #require(
                    try await context.app.reads.raw("SELECT 1700000000 AS whole, 1700000000.5 AS fraction").first())
                let columns = ColumnReader(row)
                #expect(try columns.date("whole") == Date(timeIntervalSince1970: 1_700_000_000))
                #expect(try columns.optionalDate("fraction") == Date(timeIntervalSince1970: 1_700_000_000.5))
            }
        }
    }
}
