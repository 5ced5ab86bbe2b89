import Fluent
import SQLKit
import Vapor

/// How writes reach the database: one transaction each, queued behind the write gate on SQLite.
struct Persistence: Sendable {
    let database: any Database
    let gate: WriteGate?

    /// Runs `body` in one transaction: all of its writes happen, or none.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let gate = self.gate else {
            return try await self.database.transaction(body)
        }
        await gate.acquire()
        do {
            let result = try await self.database.transaction(body)
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }
}

extension Application {
    private struct GateKey: StorageKey {
        typealias Value = WriteGate
    }

    /// Set by `configure` when the store is SQLite.
    var writeGate: WriteGate? {
        get { self.storage[GateKey.self] }
        set { self.storage[GateKey.self] = newValue }
    }

    var persistence: Persistence {
        Persistence(database: self.db, gate: self.writeGate)
    }
}

extension Request {
    var persistence: Persistence {
        Persistence(database: self.db, gate: self.application.writeGate)
    }
}

extension Request {
    /// The database as SQL, for the named queries of the hot paths.
    var sql: any SQLDatabase { self.db as! any SQLDatabase }
}
