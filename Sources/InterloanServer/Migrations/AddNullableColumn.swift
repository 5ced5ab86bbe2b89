import Fluent

/// A nullable column added to an existing table, written as one line of `SchemaHistory` rather than a file of its
/// own: with the record's field and its column declaration, a new column is three edits.
struct AddNullableColumn: AsyncMigration {
    let name: String
    let table: String
    let column: String
    let kind: ColumnKind

    init(_ name: String, table: String, column: String, kind: ColumnKind) {
        (self.name, self.table, self.column, self.kind) = (name, table, column, kind)
    }

    func prepare(on database: any Database) async throws {
        let type: DatabaseSchema.DataType
        switch self.kind {
        case .integer: type = .int
        case .text: type = .string
        case .date: type = .datetime
        }
        try await database.schema(self.table).field(.string(self.column), type).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(self.table).deleteField(.string(self.column)).update()
    }
}
