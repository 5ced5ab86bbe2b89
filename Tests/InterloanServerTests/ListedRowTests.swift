import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteNIO
import Testing

@testable import InterloanServer

/// Rows that list their own columns for inserts say exactly what SQLKit's Codable encoder says of them: the same
/// columns, the same SQL and the same bound values, with absent values left out or written as
/// NULL alike. A column added to a record and not to its list fails here.
@Suite struct ListedRowTests {
    static let dialect = DirectSQLDatabase(
        run: { _, _, _ in }, logger: Logger(label: "test"), eventLoop: MultiThreadedEventLoopGroup.singleton.any())

    static func expectSameAsCodable(_ row: some ListedRow, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for nilAsNull in [true, false] {
            let encoder = SQLQueryEncoder(nilEncodingStrategy: nilAsNull ? .asNil : .default)
            let listed = try RowInsert.columns(of: row, encoder: encoder, nilAsNull: nilAsNull)
            let encoded = try encoder.encode(row)
            // The order of the columns does not matter to an insert (Codable follows the coding keys' order).
            #expect(listed.map(\.0).sorted() == encoded.map(\.0).sorted(), sourceLocation: sourceLocation)
            let theirs = Dictionary(uniqueKeysWithValues: encoded)
            for (column, mine) in listed {
                let (mineSQL, mineBinds) = Self.dialect.serialize(mine)
                let (theirSQL, theirBinds) = try Self.dialect.serialize(#require(theirs[column]))
                #expect(mineSQL == theirSQL, "\(column)", sourceLocation: sourceLocation)
                #expect(
                    try mineBinds.map(DirectSQLDatabase.encode) == theirBinds.map(DirectSQLDatabase.encode), "\(column)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000.25)

    @Test func anEventListsWhatCodableEncodes() throws {
        try Self.expectSameAsCodable(
            EventRecord(
                requestID: 7, at: Self.now, userID: 3, actorName: "Ada", librarySymbol: "ALDF", action: "ship",
                fromStatus: "willSupply", toStatus: "shipped", details: #"{"carrier":"courier"}"#))
        try Self.expectSameAsCodable(
            EventRecord(
                requestID: 7, at: Self.now, userID: nil, actorName: "", librarySymbol: "", action: "place",
                fromStatus: nil, toStatus: "requested", details: "{}"))
    }

    @Test func lenderAttemptsAndShipmentsListWhatCodableEncodes() throws {
        try Self.expectSameAsCodable(
            AttemptRecord(
                requestID: 1, position: 0, libraryID: 4, outcome: "unfilled", reason: "notHeldBy", note: "gone",
                askedAt: Self.now, answeredAt: Self.now))
        try Self.expectSameAsCodable(
            AttemptRecord(
                requestID: 1, position: 1, libraryID: 5, outcome: "waiting", reason: nil, note: nil, askedAt: nil,
                answeredAt: nil))
        try Self.expectSameAsCodable(
            ShipmentRecord(
                requestID: 1, position: 0, direction: "forward", carrier: "usps", trackingNumber: "9400 1",
                shippedOn: "2026-11-30", fromLibraryID: 4, toLibraryID: 2))
        try Self.expectSameAsCodable(
            ShipmentRecord(
                requestID: 1, position: 1, direction: "return", carrier: "courier", trackingNumber: nil,
                shippedOn: "2026-12-03", fromLibraryID: 2, toLibraryID: 4))
    }

    @Test func aNoticeListsWhatCodableEncodes() throws {
        var mail = MailRecord(
            requestID: 9, libraryID: 2, kind: "shipped", dedupeKey: "shipped:9:v3:ALDF", recipient: "ill@example.org",
            subject: "Shipped", textBody: "text", htmlBody: "<p>html</p>", state: .pending, attempts: 0,
            nextAttemptAt: Self.now, createdAt: Self.now)
        try Self.expectSameAsCodable(mail)
        (mail.id, mail.claimedUntil, mail.lastError, mail.sentAt, mail.headers) = (3, Self.now, "refused", Self.now, "X: y")
        mail.state = .failed
        try Self.expectSameAsCodable(mail)
    }

    @Test func aRequestListsWhatCodableEncodes() throws {
        var row = RequestRecord(borrowerID: 2, serviceType: "loan", title: "Moby-Dick")
        try Self.expectSameAsCodable(row)
        (row.id, row.currentLenderID, row.currentLenderPosition, row.author, row.isbn, row.issn) = (
            5, 4, 0, "Melville", "9780142437247", "0000-0000"
        )
        (row.oclcNumber, row.articleTitle, row.journalTitle, row.volume, row.issue, row.pages) = (
            "123", "Whales", "Sea", "1", "2", "3-4"
        )
        (row.neededBy, row.notes, row.patronID, row.patronName, row.patronEmail, row.dueDate) = (
            "2026-12-24", "soon", "P1", "Pat Ron", "pat@example.org", "2027-01-15"
        )
        (row.externalRequestID, row.searchText, row.followUpAt, row.notReceivedAt, row.possiblyLostAt) = (
            "EXT-1", "moby", Self.now, Self.now, Self.now
        )
        try Self.expectSameAsCodable(row)
    }
}
