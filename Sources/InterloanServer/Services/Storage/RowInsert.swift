import SQLKit

/// INSERT statements for stored records, written as SQL text with bound values. SQLKit's insert builder quotes
/// and escapes every column name on every call, which on Linux took a twentieth of an action's CPU; the names
/// here are the tables' declared columns, fixed in the code, so they are quoted without a search for quotes.
enum RowInsert {
    /// `INSERT INTO table (columns) VALUES (...), (...)`, then `suffix` (a conflict clause, RETURNING); every row
    /// must have the same columns present. `nilAsNull` writes absent values as NULL; otherwise they are left out,
    /// so the column's default applies (an id the database assigns).
    static func query<Record: StoredRow>(
        _ rows: [Record], into table: String = Record.table, nilAsNull: Bool, suffix: String = ""
    ) throws -> SQLQueryString {
        var columns: [String] = []
        var values: [SQLQueryString] = []
        for row in rows {
            let pairs = self.columns(of: row, nilAsNull: nilAsNull)
            let names = pairs.map(\.0)
            if values.isEmpty {
                columns = names
            } else if names != columns {
                throw RowInsertError(table: table)
            }
            values.append("(" + pairs.map { "\($0.1)" as SQLQueryString }.joined(separator: ", ") + ")")
        }
        precondition(!columns.contains { $0.utf8.contains(UInt8(ascii: "\"")) }, "column names are never quoted")
        let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        var query: SQLQueryString = "INSERT INTO \(unsafeRaw: "\"\(table)\"") (\(unsafeRaw: quoted)) VALUES "
        query += values.joined(separator: ", ")
        if !suffix.isEmpty { query += " \(unsafeRaw: suffix)" }
        return query
    }

    /// The columns and value expressions of `row`, absent values as NULL or left out.
    static func columns(of row: some StoredRow, nilAsNull: Bool) -> [(String, any SQLExpression)] {
        row.storedValues.compactMap { column, value in
            if let value { return (column, SQLBind(value)) }
            return nilAsNull ? (column, SQLLiteral.null) : nil
        }
    }
}

/// Rows of one insert that do not have the same columns present (a programming error).
struct RowInsertError: Error, CustomStringConvertible {
    let table: String
    var description: String { "the rows inserted into \(self.table) do not all have the same columns" }
}

extension SQLInsertBuilder {
    /// Inserts `record` by its declared columns; absent values are left out, so the column's default applies.
    @discardableResult
    func row(_ record: some StoredRow) -> Self {
        self.rows([record])
    }

    /// Inserts `records` by their declared columns: a column none of them has a value for is left out, so its
    /// default applies (an id the database assigns); in the others, a record without a value writes NULL.
    @discardableResult
    func rows<Record: StoredRow>(_ records: [Record]) -> Self {
        let present = Record.columns.indices.filter { index in
            records.contains { Record.columns[index].value($0) != nil }
        }
        self.columns(present.map { Record.columns[$0].name })
        for record in records {
            self.values(
                present.map { index -> any SQLExpression in
                    Record.columns[index].value(record).map { SQLBind($0) } ?? SQLLiteral.null
                })
        }
        return self
    }
}

extension SQLUpdateBuilder {
    /// Sets every declared column of `record` that has a value; absent values leave their columns as they are.
    @discardableResult
    func set(row record: some StoredRow) -> Self {
        for case (let column, let value?) in record.storedValues { self.set(SQLColumn(column), to: SQLBind(value)) }
        return self
    }
}
