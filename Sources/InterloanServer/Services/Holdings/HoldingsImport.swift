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
    /// (`json_each` in SQLite, `json_array_elements` in PostgreSQL): encoding every value as a bind of its own cost
    /// twenty times more than the database's work. The documents number the records from 1 (the database adds
    /// the library's last record number), so they are written on other cores while the database works: the
    /// keys, sorted and filtered, while the records are stored.
    static func store(_ file: HoldingsFile, libraryID: Int, replace: Bool, on database: any Database) async throws -> Int {
        let holdings = file.holdings
        let batchSize = Self.batchSize
        let records = Task.detached {
            stride(from: 0, to: holdings.count, by: batchSize).map { start in
                HoldingsJSON.records(holdings[start..<min(start + batchSize, holdings.count)], firstRecord: start + 1)
            }
        }
        let keys = Task.detached {
            let sorted = HoldingsJSON.sortedKeys(holdings, firstRecord: 1)
            let batches = stride(from: 0, to: sorted.count, by: batchSize * 3).map { start in
                HoldingsJSON.keys(sorted[start..<min(start + batchSize * 3, sorted.count)])
            }
            return (batches: batches, filter: KeyFilter(keys: sorted.lazy.map(\.key)))
        }
        return try await database.transaction { transaction in
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
                // An import's pages (about 5 MB per 10,000 holdings) would overflow SQLite's default 2 MB cache and
                // spill mid-transaction. The size stays with this pooled connection.
                try await sql.raw("PRAGMA cache_size = -262144").run()
            }
            let insertRecords = isSQLite ? Self.sqliteRecords : Self.postgresRecords
            let insertKeys = isSQLite ? Self.sqliteKeys : Self.postgresKeys
            for batch in await records.value { try await sql.raw(insertRecords(libraryID, last, batch)).run() }
            let (keyBatches, fileFilter) = await keys.value
            for batch in keyBatches { try await sql.raw(insertKeys(libraryID, last, batch)).run() }
            if last == 0 {
                try await HoldingFilterRecord.write(fileFilter, libraryID: libraryID, on: sql)
            } else {
                try await HoldingFilterRecord.rebuild(libraryID: libraryID, on: sql)
            }
            return try await sql.raw(
                "SELECT COUNT(*) AS n FROM holding_records WHERE library_id = \(bind: libraryID)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static let batchSize = 20_000

    private static func sqliteRecords(_ libraryID: Int, _ last: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
        SELECT \(bind: libraryID), \(bind: last) + value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(\(bind: json))
        """
    }

    private static func sqliteKeys(_ libraryID: Int, _ last: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_keys (library_id, match_key, record, lendable)
        SELECT \(bind: libraryID), value->>0, \(bind: last) + value->>1, value->>2 FROM json_each(\(bind: json))
        """
    }

    private static func postgresRecords(_ libraryID: Int, _ last: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_records (library_id, record, title, author, call_number, lendable)
        SELECT \(bind: libraryID), \(bind: last) + (e->>0)::bigint, e->>1, e->>2, e->>3, (e->>4)::boolean
        FROM json_array_elements(\(bind: json)::json) AS e
        """
    }

    private static func postgresKeys(_ libraryID: Int, _ last: Int, _ json: String) -> SQLQueryString {
        """
        INSERT INTO holding_keys (library_id, match_key, record, lendable)
        SELECT \(bind: libraryID), e->>0, \(bind: last) + (e->>1)::bigint, (e->>2)::boolean FROM json_array_elements(\(bind: json)::json) AS e
        """
    }
}
