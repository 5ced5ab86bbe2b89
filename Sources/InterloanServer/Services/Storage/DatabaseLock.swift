import Foundation

/// The claim a serving instance holds on its SQLite file, so that `interloan restore` never replaces a database in
/// use and two servers never write one file: an exclusive `flock` on `<file>.serve-lock`, which the kernel
/// releases when the process ends, however it ends.
final class DatabaseLock: Sendable {
    /// The lock is held by another process.
    struct Held: Error, CustomStringConvertible {
        let databasePath: String
        var description: String {
            "another Interloan process (a server or a restore) is using \(self.databasePath); stop it first"
        }
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock for the database at `databasePath`, or throws `Held` at once if another process has it.
    static func acquire(for databasePath: String) throws -> DatabaseLock {
        let path = databasePath + ".serve-lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CannotOpenLock(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Held(databasePath: databasePath)
        }
        return DatabaseLock(descriptor: descriptor)
    }

    deinit {
        close(self.descriptor)
    }
}

/// The lock file could not be opened (a folder without write permission, for one).
struct CannotOpenLock: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot open \(self.path): \(self.reason)" }
}
