import Foundation

/// `interloan restore --from FILE`: puts a backup in the place of the SQLite database. It runs before the
/// application starts, because a started application has the database open; it refuses while a server holds the
/// database, and checks the backup before anything is replaced.
public enum RestoreCommand {
    /// Runs the restore when `arguments` ask for one and returns the exit status; nil when they do not.
    public static func runIfAsked(_ arguments: [String], environment: [String: String]) -> Int32? {
        guard arguments.dropFirst().first == "restore" else { return nil }
        do {
            let message = try self.restore(Array(arguments.dropFirst(2)), environment: environment)
            print(message)
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    static func restore(_ options: [String], environment: [String: String]) throws -> String {
        guard options.count == 2, options[0] == "--from", !options[1].isEmpty else {
            throw CommandFailure("usage: interloan restore --from FILE")
        }
        let backup = options[1]
        guard case .sqlite(let path) = try Settings.fromEnvironment(environment).store else {
            throw CommandFailure(
                "the database is PostgreSQL: restore it with pg_restore, e.g. pg_restore --clean --dbname "
                    + "\"$DATABASE_URL\" interloan.dump (docs/deploy.md)")
        }
        let copy = try SQLiteBackup.check(backup)
        let lock = try DatabaseLock.acquire(for: path)
        defer { withExtendedLifetime(lock) {} }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).restoring"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: backup, toPath: temporary)
        try SQLiteBackup.flush(temporary)
        // The log and index beside the old file belong to it: left there, SQLite would replay them into the new one.
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        // rename(2) puts the new file in place in one step, over the old one if there is one.
        guard rename(temporary, path) == 0 else {
            throw CommandFailure("cannot move the restored copy into place: \(String(cString: strerror(errno)))")
        }
        return "Restored \(backup) into \(path): \(copy.requests) requests."
    }
}
