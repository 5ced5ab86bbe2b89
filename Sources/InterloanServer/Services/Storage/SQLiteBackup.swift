import Foundation
import SQLiteNIO

/// Copies of the SQLite database: made with `VACUUM INTO` from a read transaction (a consistent snapshot that
/// never blocks the writer), written under a temporary name, checked, flushed to disk and only then renamed, so a
/// file by the chosen name is always a whole, checked copy.
enum SQLiteBackup {
    /// What a copy holds.
    struct Copy {
        let requests: Int
        let bytes: Int
    }

    /// Something about a backup file or its target that stops the operation, said plainly.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Copies the database at `path` to `target`, which must not exist.
    static func copy(databaseAt path: String, to target: String) throws -> Copy {
        guard !FileManager.default.fileExists(atPath: target) else {
            throw Problem(description: "\(target) exists already; choose a new name")
        }
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((target as NSString).lastPathComponent).partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let source = try SQLiteHandle(path: path, readOnly: true)
            try source.run("VACUUM INTO ?", [.text(temporary)]) { _ in }
            let copy = try self.check(temporary)
            try self.flush(temporary)
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
            return copy
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Opens `path` read-only and checks it is a whole Interloan database: SQLite's integrity check passes and its
    /// schema has no migration this build does not know (a backup from a newer Interloan).
    static func check(_ path: String) throws -> Copy {
        guard FileManager.default.fileExists(atPath: path) else { throw Problem(description: "\(path) does not exist") }
        let handle: SQLiteHandle
        do {
            handle = try SQLiteHandle(path: path, readOnly: true)
        } catch {
            throw Problem(description: "\(path) is not an SQLite database")
        }
        var integrity: [String] = []
        do {
            try handle.run("PRAGMA integrity_check", []) { row in
                if case .text(let line) = row.values.first { integrity.append(line) }
            }
        } catch {
            throw Problem(description: "\(path) is not an SQLite database")
        }
        guard integrity == ["ok"] else {
            throw Problem(
                description: "\(path) fails SQLite's integrity check: \(integrity.prefix(3).joined(separator: "; "))")
        }
        var applied: [String] = []
        var requests = 0
        do {
            try handle.run("SELECT name FROM _fluent_migrations", []) { row in
                if case .text(let name) = row.values.first { applied.append(name) }
            }
            try handle.run("SELECT COUNT(*) FROM requests", []) { row in
                if case .integer(let count) = row.values.first { requests = count }
            }
        } catch {
            throw Problem(description: "\(path) is an SQLite database but not Interloan's")
        }
        let known = Set(SchemaHistory.migrations.map(\.name))
        if let newer = applied.first(where: { !known.contains($0) }) {
            throw Problem(
                description: "\(path) comes from a newer Interloan (it has migration \(newer)); upgrade first")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Copy(requests: requests, bytes: size)
    }

    /// Makes sure the file's bytes are on disk before it is renamed into place.
    static func flush(_ path: String) throws {
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? file.close() }
        try file.synchronize()
    }
}
