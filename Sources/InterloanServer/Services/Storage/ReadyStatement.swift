import SQLKit
import SQLiteNIO

/// A whole statement made ready before its write begins: SQL text in the store's dialect and its values. On
/// SQLite every write waits for the one writer, which then only binds and steps it; building statements there
/// (SQLKit's serializer, Codable row encoding) took over half its time per write (see BENCHMARKS.md).
///
/// Made by `Writes.ready(_:)`; run alone, never inside another expression (its placeholders are numbered
/// from one).
struct ReadyStatement: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]
    /// The values as the server's own SQLite handles bind them; nil when made for another database.
    let sqliteValues: [SQLiteData]?

    /// A statement without values, the same in every dialect (savepoints).
    init(fixed sql: String) {
        self.init(sql: sql, binds: [], sqliteValues: [])
    }

    init(sql: String, binds: [any Encodable & Sendable], sqliteValues: [SQLiteData]?) {
        self.sql = sql
        self.binds = binds
        self.sqliteValues = sqliteValues
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(self.sql)
        serializer.binds += self.binds
    }
}

extension SQLDatabase {
    /// Runs a ready statement, ignoring any rows.
    func run(_ statement: ReadyStatement) async throws {
        try await self.execute(sql: statement) { _ in }
    }

    /// Runs a ready statement and returns its rows.
    func rows(_ statement: ReadyStatement) async throws -> [any SQLRow] {
        // As SQLKit's own `all()`: rows arrive one after another, and are read after the statement returned.
        nonisolated(unsafe) var rows: [any SQLRow] = []
        try await self.execute(sql: statement) { rows.append($0) }
        return rows
    }
}
