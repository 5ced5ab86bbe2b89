import Fluent
import Foundation
import InterloanCore
import SQLKit

/// One match key of one holding, as stored.
struct HoldingRow: Codable, Sendable {
    static let table = "holdings"

    var libraryID: Int
    /// The holding's number within its library, shared by the rows of its keys.
    var record: Int
    var matchKey: String
    var title: String?
    var author: String?
    var callNumber: String?
    var lendable: Bool

    enum CodingKeys: String, CodingKey {
        case record, title, author, lendable
        case libraryID = "library_id"
        case matchKey = "match_key"
        case callNumber = "call_number"
    }
}

/// Reads a holdings file by its extension and stores what it holds for one library, in one transaction: with
/// `replace`, the library's previous holdings go in the same transaction, so a failure leaves the old set.
struct HoldingsImport {
    /// The formats by file extension.
    static let formats: [String: @Sendable ([UInt8]) -> HoldingsFile] = [
        "csv": { CSVHoldingsReader.read(String(decoding: $0, as: UTF8.self)) },
        "xml": MARCXMLHoldingsReader.read, "marcxml": MARCXMLHoldingsReader.read,
        "mrc": ISO2709Reader.read, "marc": ISO2709Reader.read,
    ]

    /// Why a file cannot be imported at all.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ bytes: [UInt8], fileName: String) throws -> HoldingsFile {
        let extensionName = (fileName as NSString).pathExtension.lowercased()
        guard let reader = self.formats[extensionName] else {
            throw Refusal(
                description: "\(fileName): the extension decides the format; use .csv, .xml or .marcxml (MARCXML), or .mrc (ISO 2709)")
        }
        return reader(bytes)
    }

    /// Stores `file`'s holdings for `libraryID`; returns how many holdings the library has afterwards.
    static func store(_ file: HoldingsFile, libraryID: Int, replace: Bool, on database: any Database) async throws -> Int {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            if replace {
                try await sql.delete(from: HoldingRow.table).where("library_id", .equal, libraryID).run()
            }
            let last =
                try await sql.raw(
                    "SELECT COALESCE(MAX(record), 0) AS last FROM holdings WHERE library_id = \(bind: libraryID)"
                ).first()?.decode(column: "last", as: Int.self) ?? 0
            var rows: [HoldingRow] = []
            for (offset, holding) in file.holdings.enumerated() {
                for key in holding.keys {
                    rows.append(
                        HoldingRow(
                            libraryID: libraryID, record: last + offset + 1, matchKey: key, title: holding.title,
                            author: holding.author, callNumber: holding.callNumber, lendable: holding.lendable))
                }
            }
            // Bounded batches: SQLite allows 32,766 bound values a statement, and each row binds seven.
            for start in stride(from: 0, to: rows.count, by: 500) {
                try await sql.insert(into: HoldingRow.table)
                    .models(Array(rows[start..<min(start + 500, rows.count)]), nilEncodingStrategy: .asNil).run()
            }
            let count = try await sql.select().column(SQLFunction("count", args: SQLDistinct(SQLColumn("record"))), as: "n")
                .from(HoldingRow.table).where("library_id", .equal, libraryID).first()
            return try count?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
