import SQLKit

/// A request's lender string, shipments and renewals, read for many requests in one statement: every statement
/// costs a trip to the database thread, and this runs on every action.
///
/// The three tables are read as one UNION ALL into shared columns (`n1…` integers, `t1…` texts, `d1…` dates),
/// laid out from the tables' declared columns, so a column added to one of them is read without touching this.
struct RequestChildren {
    var attempts: [AttemptRecord] = []
    var shipments: [ShipmentRecord] = []
    var renewals: [RenewalRecord] = []

    /// The children of `ids`, in no particular order.
    static func query(_ ids: [Int]) -> SQLQueryString {
        var query: SQLQueryString = ""
        for (index, branch) in Layout.shared.branches.enumerated() {
            if index > 0 { query += " UNION ALL " }
            query += "\(unsafeRaw: branch) WHERE request_id IN (\(binds: ids))"
        }
        return query
    }

    /// The records of the rows `query` returned.
    init(rows: [any SQLRow]) throws {
        let layout = Layout.shared
        for row in rows {
            switch try ColumnReader(row).string(Layout.kind) {
            case AttemptRecord.table:
                self.attempts.append(try AttemptRecord(row: row, names: layout.names[AttemptRecord.table]))
            case ShipmentRecord.table:
                self.shipments.append(try ShipmentRecord(row: row, names: layout.names[ShipmentRecord.table]))
            case let table:
                assert(table == RenewalRecord.table)
                self.renewals.append(try RenewalRecord(row: row, names: layout.names[RenewalRecord.table]))
            }
        }
    }

    /// Where each table's columns go in the shared result, worked out once.
    private struct Layout: Sendable {
        static let kind = "kind"
        static let shared = Layout()

        /// Per table, its SELECT (without the WHERE clause).
        let branches: [String]
        /// Per table, each declared column's shared name.
        let names: [String: [String: String]]

        private init() {
            let tables: [(table: String, columns: [(name: String, kind: ColumnKind)])] = [
                (AttemptRecord.table, AttemptRecord.columns.map { ($0.name, $0.kind) }),
                (ShipmentRecord.table, ShipmentRecord.columns.map { ($0.name, $0.kind) }),
                (RenewalRecord.table, RenewalRecord.columns.map { ($0.name, $0.kind) }),
            ]
            var names: [String: [String: String]] = [:]
            var widths: [ColumnKind: Int] = [:]
            for (table, columns) in tables {
                var used: [ColumnKind: Int] = [:]
                for column in columns {
                    used[column.kind, default: 0] += 1
                    names[table, default: [:]][column.name] = Self.slot(column.kind, used[column.kind]!)
                }
                widths.merge(used, uniquingKeysWith: max)
            }
            let slots = [ColumnKind.integer, .text, .date].flatMap { kind in
                (0..<(widths[kind] ?? 0)).map { (kind: kind, name: Self.slot(kind, $0 + 1)) }
            }
            self.names = names
            self.branches = tables.map { table, columns in
                let bySlot = Dictionary(uniqueKeysWithValues: columns.map { (names[table]![$0.name]!, $0.name) })
                // A typed NULL where a table has no column: PostgreSQL would otherwise type two NULLs as text
                // and then refuse an integer or a date in the same shared column.
                let list = slots.map { slot in
                    "\(bySlot[slot.name] ?? "CAST(NULL AS \(Self.type(slot.kind)))") AS \(slot.name)"
                }
                return "SELECT '\(table)' AS \(Self.kind), \(list.joined(separator: ", ")) FROM \(table)"
            }
        }

        private static func slot(_ kind: ColumnKind, _ number: Int) -> String {
            switch kind {
            case .integer: return "n\(number)"
            case .text: return "t\(number)"
            case .date: return "d\(number)"
            }
        }

        /// The type both databases accept for each kind (SQLite takes any type name).
        private static func type(_ kind: ColumnKind) -> String {
            switch kind {
            case .integer: return "BIGINT"
            case .text: return "TEXT"
            case .date: return "TIMESTAMPTZ"
            }
        }
    }
}
