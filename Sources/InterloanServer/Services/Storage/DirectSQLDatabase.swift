import Logging
import NIOCore
import SQLKit
import SQLiteKit

/// SQLKit's face of the server's own SQLite handles: the query builders serialise as for Fluent's SQLite
/// driver (same dialect, same value encoding), and the statement runs at once on the calling thread.
struct DirectSQLDatabase: SQLDatabase {
    /// Runs one statement with its bound values, handing over each result row.
    typealias Runner = @Sendable (String, [SQLiteData], (SQLiteResultRow) throws -> Void) throws -> Void

    let run: Runner
    let logger: Logger
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { SQLiteDialect() }
    /// Statements are not logged: their values carry patron names and addresses.
    var queryLogLevel: Logger.Level? { nil }

    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try self.executeNow(query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        self.eventLoop.makeCompletedFuture { try self.executeNow(query, onRow) }
    }

    /// A value as these handles bind it (SQLiteKit's encoding).
    static func encode(_ value: any Encodable & Sendable) throws -> SQLiteData {
        try self.encoder.encode(value)
    }

    private func executeNow(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws {
        if let ready = query as? ReadyStatement, let values = ready.sqliteValues {
            return try self.run(ready.sql, values) { onRow(DirectSQLRow(row: $0, decoder: Self.decoder)) }
        }
        let (sql, binds) = self.serialize(query)
        let values = try binds.map { try Self.encoder.encode($0) }
        try self.run(sql, values) { onRow(DirectSQLRow(row: $0, decoder: Self.decoder)) }
    }
}

/// The file the server's own handles open, and what their SQLKit faces need.
struct SQLiteFile: Sendable {
    let path: String
    let eventLoop: any EventLoop
    let logger: Logger
    var synchronous: SQLiteSynchronous = .full

    func open(readOnly: Bool) throws -> SQLiteHandle {
        try SQLiteHandle(path: self.path, readOnly: readOnly, synchronous: self.synchronous)
    }

    func database(_ run: @escaping DirectSQLDatabase.Runner) -> DirectSQLDatabase {
        DirectSQLDatabase(run: run, logger: self.logger, eventLoop: self.eventLoop)
    }
}

/// A result row as SQLKit decodes rows.
struct DirectSQLRow: SQLRow {
    let row: SQLiteResultRow
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { self.row.columns.names }

    func contains(column: String) -> Bool { self.row.columns.position(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let value = self.row.value(column) else { return true }
        return value == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = self.row.value(column) else { throw MissingColumn(column: column) }
        return try self.decoder.decode(D.self, from: value)
    }
}

/// A row was asked for a column its statement does not return.
struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "no column \(self.column) in the result" }
}
