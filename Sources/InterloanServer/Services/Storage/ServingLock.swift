import Vapor

/// Takes the database lock when `interloan serve` boots on SQLite and keeps it until the process ends, so a second
/// server or a restore on the same file is refused instead of corrupting it.
struct ServingLock: LifecycleHandler {
    let databasePath: String

    func willBootAsync(_ application: Application) async throws {
        guard application.environment != .testing, ServingTask.isServing(application.environment.arguments) else {
            return
        }
        application.databaseLock = try DatabaseLock.acquire(for: self.databasePath)
    }
}

extension Application {
    private struct DatabaseLockKey: StorageKey {
        typealias Value = DatabaseLock
    }

    /// The serving instance's lock on its SQLite file, held for the life of the process.
    var databaseLock: DatabaseLock? {
        get { self.storage[DatabaseLockKey.self] }
        set { self.storage[DatabaseLockKey.self] = newValue }
    }
}
