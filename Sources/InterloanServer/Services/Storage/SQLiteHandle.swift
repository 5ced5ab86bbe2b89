import NIOCore
import SQLiteNIO
import SQLiteNIOSymbols

/// One libsqlite3 connection, called synchronously by whoever holds it, with its statements prepared once per
/// distinct SQL text and reused. Not thread-safe (hence unchecked): its owner, `SQLiteReaders` or `SQLiteWriter`,
/// lets one caller at a time use it.
///
/// SQLiteNIO runs every statement as a job on its thread pool and prepares it anew each time; an action's
/// half-dozen statements then cost more thread switches than SQL (see BENCHMARKS.md).
final class SQLiteHandle: @unchecked Sendable {
    private let raw: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// The result columns of each statement that returned rows, with the statement's re-preparation count then: a
    /// migration can change what `SELECT *` returns, and SQLite then prepares the statement again.
    private var columns: [OpaquePointer: (columns: SQLiteColumns, reprepares: Int32)] = [:]
    /// Statements are few and fixed on the hot paths; bulk inserts of varying width must not grow the cache forever.
    private static let statementLimit = 256
    /// How long a statement waits for another connection's write lock before it fails.
    static let busyMilliseconds: Int32 = 5_000

    /// Opens `path`, which must exist unless `create` (migrations create it); a read-only handle refuses every
    /// write.
    init(path: String, readOnly: Bool, create: Bool = false, synchronous: SQLiteSynchronous = .full) throws {
        var handle: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let flags = access | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(status: status, message: handle.map(Self.message) ?? "cannot open \(path)")
            sqlite_nio_sqlite3_close(handle)
            throw failure
        }
        self.raw = handle
        sqlite_nio_sqlite3_busy_timeout(handle, Self.busyMilliseconds)
        if !readOnly {
            // The same settings as the pool's connections get (configure.swift): checked references, and the
            // durability the operator chose.
            try self.run("PRAGMA foreign_keys=ON", []) { _ in }
            try self.run("PRAGMA synchronous=\(synchronous.rawValue)", []) { _ in }
            // Each write in a group commit runs in a savepoint, whose journal would otherwise be a temporary
            // file opened and written for every write.
            try self.run("PRAGMA temp_store=MEMORY", []) { _ in }
        }
    }

    /// How long a statement on this handle waits for a lock held elsewhere before it fails with `SQLITE_BUSY`.
    func waitForLocks(milliseconds: Int32) {
        sqlite_nio_sqlite3_busy_timeout(self.raw, milliseconds)
    }

    deinit {
        for statement in self.statements.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close_v2(self.raw)
    }

    /// Runs `sql` with `binds` and hands each result row to `onRow`; the statement is reset before returning,
    /// so no read transaction stays open behind the caller.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) throws -> Void) throws {
        let statement = try self.prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let status = Self.bind(value, at: Int32(offset + 1), in: statement)
            guard status == SQLITE_OK else { throw self.failure(status) }
        }
        var columns: SQLiteColumns?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw self.failure(status) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            if columns == nil { columns = self.resultColumns(of: statement, count: count) }
            try onRow(SQLiteResultRow(columns: columns!, values: (0..<count).map { Self.value(at: $0, in: statement) }))
        }
    }

    /// The names of `statement`'s result columns, read once per preparation (a request row has forty: their
    /// strings and lookup table cost more than reading the row).
    private func resultColumns(of statement: OpaquePointer, count: Int32) -> SQLiteColumns {
        let reprepares = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let known = self.columns[statement], known.reprepares == reprepares, known.columns.names.count == count {
            return known.columns
        }
        let columns = SQLiteColumns((0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
        self.columns[statement] = (columns, reprepares)
        return columns
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = self.statements[sql] { return statement }
        if self.statements.count >= Self.statementLimit {
            for statement in self.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            self.statements.removeAll()
            self.columns.removeAll()
        }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(
            self.raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw self.failure(status) }
        self.statements[sql] = statement
        return statement
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        SQLiteFailure(status: status, message: Self.message(self.raw))
    }

    private static func message(_ handle: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown SQLite error"
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number):
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(let text):
            var text = text
            return text.withUTF8 {
                sqlite_nio_sqlite3_bind_text64(
                    statement, index, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    UInt64($0.count), Self.transient, UInt8(SQLITE_UTF8))
            }
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
            }
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(at column: Int32, in statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let start = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let start = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: start, count: count))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }
}

/// The column names of a result, and where each is: rows are decoded by name, column after column.
final class SQLiteColumns: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        // The first of two equal names wins, as SQLite's own lookup by name does.
        self.positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func position(of name: String) -> Int? { self.positions[name] }
}

/// A result row: the statement's columns and this row's values.
struct SQLiteResultRow: Sendable {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? {
        self.columns.position(of: column).map { self.values[$0] }
    }
}

/// An error reported by SQLite: its result code and message (never shown to clients; the API answers 500).
struct SQLiteFailure: Error, CustomStringConvertible {
    let status: Int32
    let message: String

    var description: String { "SQLite error \(self.status): \(self.message)" }
}
