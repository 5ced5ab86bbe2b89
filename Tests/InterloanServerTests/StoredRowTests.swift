import Foundation
import InterloanCore
import SQLKit
import Testing

@testable import InterloanServer

extension DatabaseTests {
    /// Each table's columns are declared once, on its record. For every such table: the declaration names every
    /// stored field of the record and every column of the migrated table, and a record with every column set is
    /// written and read back unchanged. A column added to the migration, the record or the declaration alone
    /// fails here.
    @Suite struct StoredRowTests {
        /// Columns the database fills and the record never carries.
        static let databaseOnly: [String: Set<String>] = [
            EventRecord.table: ["id"], AttemptRecord.table: ["id"], ShipmentRecord.table: ["id"],
            RenewalRecord.table: ["id"],
        ]

        @Test func requestsDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(RequestRecord.self)
        }

        @Test func lenderAttemptsDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(AttemptRecord.self)
        }

        @Test func shipmentsDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(ShipmentRecord.self)
        }

        @Test func renewalsDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(RenewalRecord.self)
        }

        @Test func eventsDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(EventRecord.self)
        }

        @Test func noticesDeclareEveryColumnAndRoundTrip() async throws {
            try await Self.check(MailRecord.self)
        }

        static let otherTables: [any StoredRow.Type] = [
            HolidayRecord.self, RouteDelayRecord.self, ClaimRecord.self, AnnouncementListRecord.self,
            SubscriptionRecord.self, AnnouncementRecord.self, SiteSecretRecord.self, AvailabilityRecord.self,
            LastResortRecord.self, SitePageRecord.self, TeamContactRecord.self, TeamChannelRecord.self,
            PartnerRecord.self, PartnerMessageRecord.self, PartnerInboxRecord.self, WebSessionRecord.self,
            ILSConnectionRecord.self, ILSCallRecord.self, PatronRecord.self, OutsideRequestRecord.self,
            DocumentRecord.self, DocumentLinkRecord.self, CopyrightEntryRecord.self, ReportMonthRecord.self,
            ReportMonthFactsRecord.self, ReportTallyRecord.self, ReportShareRecord.self, ReportLedgerRecord.self,
        ]

        @Test(arguments: Self.otherTables.indices)
        func everyOtherTableDeclaresEveryColumnAndRoundTrips(table: Int) async throws {
            try await Self.check(Self.otherTables[table])
        }

        /// The child-row query reads what was written to each child table, whatever shared column it lands in.
        @Test func theChildRowQueryReadsEveryChildColumnBack() async throws {
            try await withTestApp { context in
                let sql = context.app.reads
                let requestID = try #require(RequestNumber.decode(try await context.place(#"{"title": "Children"}"#)))
                let library = try #require(
                    try await context.app.libraryDirectory.library(symbol: "LEN", on: context.app.db))
                // Sample values everywhere but in the references, which must name a request and libraries.
                var attempt = try await AttemptRecord.sample(seed: 1, on: sql)
                (attempt.requestID, attempt.position, attempt.libraryID) = (requestID, 100, library.id)
                var shipment = try await ShipmentRecord.sample(seed: 20, on: sql)
                (shipment.requestID, shipment.fromLibraryID, shipment.toLibraryID) = (requestID, library.id, library.id)
                var renewal = try await RenewalRecord.sample(seed: 40, on: sql)
                renewal.requestID = requestID
                try await context.app.writes.write { [attempt, shipment, renewal] sql in
                    try await sql.raw(RowInsert.query([attempt], nilAsNull: true)).run()
                    try await sql.raw(RowInsert.query([shipment], nilAsNull: true)).run()
                    try await sql.raw(RowInsert.query([renewal], nilAsNull: true)).run()
                }
                let read = try RequestChildren(rows: try await sql.raw(RequestChildren.query([requestID])).all())
                #expect(read.attempts.filter { $0.position == 100 }.map(Self.values) == [Self.values(attempt)])
                #expect(read.shipments.map(Self.values) == [Self.values(shipment)])
                #expect(read.renewals.map(Self.values) == [Self.values(renewal)])
            }
        }

        static func check<Record: StoredRow>(_: Record.Type, sourceLocation: SourceLocation = #_sourceLocation)
            async throws
        {
            try await withTestApp { context in
                let declared = Record.columns.map(\.name)
                #expect(
                    Set(declared).count == declared.count, "a column declared twice", sourceLocation: sourceLocation)

                let fields = Mirror(reflecting: Record.unread).children.compactMap(\.label).map(Self.snakeCase)
                #expect(
                    fields == declared, "the record's fields and its declared columns", sourceLocation: sourceLocation)

                let stored = try await Self.columns(of: Record.table, in: context)
                let expected = Set(declared).union(Self.databaseOnly[Record.table] ?? [])
                #expect(stored == expected, "the migrated table and the declaration", sourceLocation: sourceLocation)

                // Into a copy of the table without its constraints, so every column can hold an arbitrary value.
                let sample = try await Record.sample(seed: 1, on: context.app.reads)
                #expect(!Self.values(sample).contains("nil"), "every column set", sourceLocation: sourceLocation)
                let copy = "copy_of_\(Record.table)"
                try await context.app.writes.write { sql in
                    try await Self.copyWithoutConstraints(Record.table, columns: declared, on: sql)
                    try await sql.raw(RowInsert.query([sample], into: copy, nilAsNull: true)).run()
                }
                let read = try await context.app.reads.select().column("*").from(copy).all(reading: Record.self)
                #expect(read.map(Self.values) == [Self.values(sample)], sourceLocation: sourceLocation)
            }
        }

        static func copyWithoutConstraints(_ table: String, columns: [String], on sql: any SQLDatabase) async throws {
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            // Tests on PostgreSQL share one database, whose schema is reset by the migrations, which know nothing
            // of this table.
            try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: "copy_of_\(table)")").run()
            try await sql.raw(
                "CREATE TABLE \(unsafeRaw: "copy_of_\(table)") AS SELECT \(unsafeRaw: list) FROM \(ident: table) WHERE 1 = 0"
            )
            .run()
        }

        static func values(_ record: some StoredRow) -> [String] {
            record.storedValues.map { $0.value.map { "\($0)" } ?? "nil" }
        }

        /// `agencyIDType` is `agency_id_type`: a word starts at an upper-case letter after a lower-case one, or at
        /// the last upper-case letter of a run that a lower-case one follows.
        static func snakeCase(_ name: String) -> String {
            let characters = Array(name)
            var result = ""
            for (index, character) in characters.enumerated() {
                if character.isUppercase, index > 0 {
                    let previous = characters[index - 1]
                    let next = index + 1 < characters.count ? characters[index + 1] : nil
                    if previous.isLowercase || (previous.isUppercase && next?.isLowercase == true) { result += "_" }
                }
                result += character.lowercased()
            }
            return result
        }

        static func columns(of table: String, in context: TestContext) async throws -> Set<String> {
            let sql = context.app.reads
            let rows: [any SQLRow]
            if sql.dialect.name == "sqlite" {
                rows = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
            } else {
                rows = try await sql.raw(
                    "SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table)"
                ).all()
            }
            return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        }
    }
}
