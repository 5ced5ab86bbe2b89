import Foundation
import SQLKit
import SQLiteNIO

/// Typed reads of a result row's columns by name, for the rows every action reads (a request, its lenders,
/// shipments and renewals): Codable's keyed containers cost more than the query that produced the row.
///
/// A value from the server's own SQLite handles is taken as it is when it already has the asked type; any other
/// value, and every PostgreSQL row, goes through the row's own decoder, so the result is always what
/// `decode(column:as:)` gives.
struct ColumnReader {
    private let row: any SQLRow
    private let sqlite: SQLiteResultRow?

    init(_ row: any SQLRow) {
        self.row = row
        self.sqlite = (row as? DirectSQLRow)?.row
    }

    func string(_ column: String) throws -> String {
        if case .text(let text)? = self.sqlite?.value(column) { return text }
        return try self.row.decode(column: column, as: String.self)
    }

    func int(_ column: String) throws -> Int {
        if case .integer(let number)? = self.sqlite?.value(column) { return number }
        return try self.row.decode(column: column, as: Int.self)
    }

    /// SQLite keeps a `Date` as seconds since 1970, a whole number when it has no fraction.
    func date(_ column: String) throws -> Date {
        switch self.sqlite?.value(column) {
        case .float(let seconds)?: return Date(timeIntervalSince1970: seconds)
        case .integer(let seconds)?: return Date(timeIntervalSince1970: Double(seconds))
        default: return try self.row.decode(column: column, as: Date.self)
        }
    }

    func optionalString(_ column: String) throws -> String? {
        try self.isNull(column) ? nil : self.string(column)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try self.isNull(column) ? nil : self.int(column)
    }

    func optionalDate(_ column: String) throws -> Date? {
        try self.isNull(column) ? nil : self.date(column)
    }

    /// Whether the column is NULL or absent, as Codable's `decodeIfPresent` reads an optional field.
    private func isNull(_ column: String) throws -> Bool {
        if let sqlite = self.sqlite { return (sqlite.value(column) ?? .null) == .null }
        return try !self.row.contains(column: column) || self.row.decodeNil(column: column)
    }
}
