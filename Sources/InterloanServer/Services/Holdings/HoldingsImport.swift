import Fluent
import Foundation
import InterloanCore
import SQLKit

/// The tables holdings are stored in: one row per holding record, one per match key of each.
enum HoldingRecord {
    static let table = "holding_records"
}

enum HoldingKey {
    static let table = "holding_keys"
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
    ///
    /// Rows travel as one JSON document per batch, bound as a single parameter and unpacked by the database
    /// (`json_each` in SQLite, `json_to_recordset` in PostgreSQL): encoding every value as a bind of its own cost
    /// twenty times more than the database's work.
    static func store(_ file: HoldingsFile, libraryID: Int, replace: Bool, on database: any Database) async throws -> Int {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            if replace {
                try await sql.delete(from: HoldingKey.table).where("library_id", .equal, libraryID).run()
                try await sql.delete(from: HoldingRecord.table).where("library_id", .equal, libraryID).run()
            }
            let last =
                try await sql.raw(
                    "SELECT COALESCE(MAX(record), 0) AS last FROM holding_records WHERE library_id = \(bind: libraryID)"
                ).first()?.decode(column: "last", as: Int.self) ?? 0
            let isSQLite = sql.dialect.name == "sqlite"
            if isSQLite {
                // A large import touches index pages all over the file; SQLite's default 2 MB page cache would
                // spill them mid-transaction and read them back. The size stays with this pooled connection.
                try await sql.raw("PRAGMA cache_size = -262144").run()
            }
            for start in stride(from: 0, to: file.holdings.count, by: Self.batchSize) {
                let batch = file.holdings[start..<min(start + Self.batchSize, file.holdings.count)]
                let (records, keys) = HoldingsJSON.encode(batch, firstRecord: last + start + 1)
                try await sql.raw(isSQLite ? Self.sqliteRecords(libraryID, records) : Self.postgresRecords(libraryID, records))
                    .run()
                try await sql.raw(isSQLite ? Self.sqliteKeys(libraryID, keys) : Self.postgresKeys(libraryID, keys)).run()
            }
            return try await sql.raw(
                "SELECT COUNT(*) AS n FROM holding_records WHERE library_id = \(bind: libraryID)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static let batchSize = 20_000

    private static func sqliteRecords(_ libraryID: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
        SELECT \(bind: libraryID), value->>'n', value->>'t', value->>'a', value->>'c', value->>'l' FROM json_each(\(bind: json))
        """
    }

    private static func sqliteKeys(_ libraryID: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_keys (match_key, library_id, record, lendable)
        SELECT value->>'k', \(bind: libraryID), value->>'n', value->>'l' FROM json_each(\(bind: json))
        """
    }

    private static func postgresRecords(_ libraryID: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
        SELECT \(bind: libraryID), r.n, r.t, r.a, r.c, r.l
        FROM json_to_recordset(\(bind: json)::json) AS r(n bigint, t text, a text, c text, l boolean)
        """
    }

    private static func postgresKeys(_ libraryID: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_keys (match_key, library_id, record, lendable)
        SELECT r.k, \(bind: libraryID), r.n, r.l FROM json_to_recordset(\(bind: json)::json) AS r(k text, n bigint, l boolean)
        """
    }
}
