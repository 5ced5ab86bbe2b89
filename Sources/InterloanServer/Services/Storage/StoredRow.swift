import Foundation
import SQLKit

/// One column of a table: its name, what it holds, and the field of the record that holds it. A table's columns
/// are declared once, as a list of these; reading a row, inserting records and the request's child-row query are
/// all derived from that list.
struct Column<Record>: Sendable {
    let name: String
    let kind: ColumnKind
    /// The field's value for an insert; nil stands for NULL.
    let value: @Sendable (Record) -> (any Encodable & Sendable)?
    /// Sets the field from the result column named `name` (the declared name, or an alias in a shared query).
    let read: @Sendable (inout Record, ColumnReader, _ name: String) throws -> Void
    /// A value the column accepts, different for each `seed`: the round-trip tests write one into every column.
    let sample: @Sendable (_ seed: Int) -> any Encodable & Sendable

    init(
        name: String, kind: ColumnKind, value: @escaping @Sendable (Record) -> (any Encodable & Sendable)?,
        read: @escaping @Sendable (inout Record, ColumnReader, String) throws -> Void,
        sample: (@Sendable (Int) -> any Encodable & Sendable)? = nil
    ) {
        (self.name, self.kind, self.value, self.read) = (name, kind, value, read)
        self.sample =
            sample ?? { seed in
                switch kind {
                case .integer: return seed
                case .text: return "\(name) \(seed)"
                case .date: return Date(timeIntervalSince1970: 1_800_000_000 + Double(seed))
                }
            }
    }

    static func int(_ name: String, _ field: WritableKeyPath<Record, Int> & Sendable) -> Self {
        Self(name: name, kind: .integer, value: { $0[keyPath: field] }, read: { $0[keyPath: field] = try $1.int($2) })
    }

    static func int(_ name: String, _ field: WritableKeyPath<Record, Int?> & Sendable) -> Self {
        Self(
            name: name, kind: .integer, value: { $0[keyPath: field] },
            read: { $0[keyPath: field] = try $1.optionalInt($2) })
    }

    static func text(_ name: String, _ field: WritableKeyPath<Record, String> & Sendable) -> Self {
        Self(name: name, kind: .text, value: { $0[keyPath: field] }, read: { $0[keyPath: field] = try $1.string($2) })
    }

    static func text(_ name: String, _ field: WritableKeyPath<Record, String?> & Sendable) -> Self {
        Self(
            name: name, kind: .text, value: { $0[keyPath: field] },
            read: { $0[keyPath: field] = try $1.optionalString($2) })
    }

    /// A string-backed enumeration; an unknown stored value is an error, not a silent default.
    static func text<Value: RawRepresentable<String> & CaseIterable & Sendable>(
        _ name: String, _ field: WritableKeyPath<Record, Value> & Sendable
    ) -> Self {
        Self(
            name: name, kind: .text, value: { $0[keyPath: field].rawValue },
            read: { record, columns, name in
                let text = try columns.string(name)
                guard let value = Value(rawValue: text) else { throw UnknownStoredValue(column: name, value: text) }
                record[keyPath: field] = value
            },
            sample: { seed in
                let cases = Array(Value.allCases)
                return cases[seed % cases.count].rawValue
            })
    }

    static func date(_ name: String, _ field: WritableKeyPath<Record, Date> & Sendable) -> Self {
        Self(name: name, kind: .date, value: { $0[keyPath: field] }, read: { $0[keyPath: field] = try $1.date($2) })
    }

    static func date(_ name: String, _ field: WritableKeyPath<Record, Date?> & Sendable) -> Self {
        Self(
            name: name, kind: .date, value: { $0[keyPath: field] },
            read: { $0[keyPath: field] = try $1.optionalDate($2) })
    }
}

/// What a column holds, as far as reading it goes.
enum ColumnKind: Sendable {
    case integer, text, date
}

/// A record stored as one row of `table`, whose `columns` say, once, how each field is stored.
protocol StoredRow: Sendable {
    static var table: String { get }
    /// Every column of the table, each naming the field that holds it.
    static var columns: [Column<Self>] { get }
    /// A record whose fields are all about to be read from a row: the starting point of `init(row:)`.
    static var unread: Self { get }
}

extension StoredRow {
    /// A stored row, read column by column.
    init(row: any SQLRow) throws {
        try self.init(row: row, names: nil)
    }

    /// A record with every column set from `column.sample(seed)`, read from `database`, so that nothing but the
    /// declaration decides which field each value lands in.
    static func sample(seed: Int, on database: any SQLDatabase) async throws -> Self {
        var query: SQLQueryString = "SELECT "
        for (index, column) in Self.columns.enumerated() {
            if index > 0 { query += ", " }
            query += "\(bind: column.sample(seed + index)) AS \(ident: column.name)"
        }
        guard let row = try await database.raw(query).first() else { throw UnknownStoredValue(column: "", value: "") }
        return try Self(row: row)
    }

    /// A row whose columns come under other names (`names[declared]`), as in a query that reads several tables
    /// into shared columns.
    init(row: any SQLRow, names: [String: String]?) throws {
        var record = Self.unread
        let columns = ColumnReader(row)
        for column in Self.columns {
            try column.read(&record, columns, names?[column.name] ?? column.name)
        }
        self = record
    }

    /// Every column in declaration order, with its value; nil for NULL.
    var storedValues: [(column: String, value: (any Encodable & Sendable)?)] {
        Self.columns.map { ($0.name, $0.value(self)) }
    }
}

/// A stored text that is none of the values its column allows: the row was written by something else.
struct UnknownStoredValue: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "column \(self.column) holds \(self.value), which is not one of its values" }
}

extension SQLQueryFetcher {
    /// Every result row read as `Record`.
    func all<Record: StoredRow>(reading _: Record.Type) async throws -> [Record] {
        try await self.all().map { try Record(row: $0) }
    }

    /// The first result row read as `Record`, if any.
    func first<Record: StoredRow>(reading _: Record.Type) async throws -> Record? {
        try await self.first().map { try Record(row: $0) }
    }
}
