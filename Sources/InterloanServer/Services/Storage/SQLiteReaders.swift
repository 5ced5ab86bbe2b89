import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SQLiteNIO

/// Read-only handles on the SQLite file for the server's SQL reads (an action's request and its children, a
/// token, a page's counts and lists), run on the calling thread. A handle is taken for one statement and put
/// back, so there are never more than the threads reading at once; WAL lets them read beside the writer.
final class SQLiteReaders: Sendable {
    private let file: SQLiteFile
    private let idle = NIOLockedValueBox<[SQLiteHandle]>([])

    init(_ file: SQLiteFile) {
        self.file = file
    }

    /// The readers as an SQLKit database.
    var sql: any SQLDatabase { self.file.database { [self] in try self.run($0, $1, $2) } }

    /// Closes the idle handles (at shutdown); a later read opens a new one.
    func close() {
        self.idle.withLockedValue { $0.removeAll() }
    }

    /// The text values of the first column of `sql`, read on a handle opened for it and closed after, once the
    /// file is found readable and writable by this process: what a new connection would find (a file removed or
    /// made unreadable), which the idle handles, opened before it happened, do not see. SQLite may hand a new
    /// handle a descriptor it kept open, so the permissions are asked of the system first.
    func readOnFreshHandle(_ sql: String) throws -> [String] {
        guard FileManager.default.isReadableFile(atPath: self.file.path),
            FileManager.default.isWritableFile(atPath: self.file.path)
        else { throw SQLiteFileUnavailable(path: self.file.path) }
        let handle = try self.file.open(readOnly: true)
        var values: [String] = []
        try handle.run(sql, []) { row in
            if case .text(let text) = row.values.first { values.append(text) }
        }
        return values
    }

    private func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) throws -> Void) throws {
        let handle = try self.idle.withLockedValue { $0.popLast() } ?? self.file.open(readOnly: true)
        defer { self.idle.withLockedValue { $0.append(handle) } }
        try handle.run(sql, binds, onRow)
    }
}

/// The database file is gone, or this process may no longer read or write it.
struct SQLiteFileUnavailable: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(self.path) cannot be read and written by this process" }
}
