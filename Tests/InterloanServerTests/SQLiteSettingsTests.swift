import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

/// The embedded default: a file in WAL mode with foreign keys enforced, whatever `DATABASE_URL` says.
struct SQLiteSettingsTests {
    @Test func theDefaultStoreIsAWALFileWithForeignKeysOn() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString).sqlite")
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(store: .sqlite(path: file.path)))
            app.logger.logLevel = .warning
            try await app.asyncBoot()
            let sql = app.db.asSQL
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let foreignKeys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(
                column: "foreign_keys", as: Int.self)
            #expect(foreignKeys == 1)
            let synchronous = try await sql.raw("PRAGMA synchronous").first()?.decode(
                column: "synchronous", as: Int.self)
            #expect(synchronous == 2, "FULL by default: a commit waits for the log to reach the disk")
            let busyTimeout = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect(busyTimeout == 5000)
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    "INSERT INTO request_events (request_id, at, actor_name, library_symbol, action, to_status, details) VALUES (424242, 0, 'x', 'X', 'place', 'needsLender', '{}')"
                ).run()
            }
            #expect(FileManager.default.fileExists(atPath: file.path))
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
    }

    /// The operator's choice reaches Fluent's connections and the server's own writer alike.
    @Test(arguments: [(SQLiteSynchronous.full, 2), (.normal, 1)])
    func durabilityIsTheOperatorsChoiceOnEveryConnection(choice: SQLiteSynchronous, pragma: Int) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString).sqlite")
        let app = try await Application.make(.testing)
        var settings = Settings(store: .sqlite(path: file.path))
        settings.sqliteSynchronous = choice
        do {
            try await configure(app, settings: settings)
            app.logger.logLevel = .warning
            try await app.asyncBoot()
            let read = { @Sendable (sql: any SQLDatabase) async throws -> Int? in
                try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            }
            #expect(try await read(app.db.asSQL) == pragma)
            #expect(try await app.writes.write { try await read($0) } == pragma)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
    }

    @Test func settingsComeFromTheEnvironmentAndNameWhatIsWrong() throws {
        #expect(try Settings.fromEnvironment([:]).store == .sqlite(path: "interloan.sqlite"))
        #expect(
            try Settings.fromEnvironment(["INTERLOAN_DATABASE": "/tmp/x.sqlite"]).store
                == .sqlite(path: "/tmp/x.sqlite"))
        #expect(
            try Settings.fromEnvironment(["DATABASE_URL": "postgres://a:b@h/db"]).store
                == .postgres(url: "postgres://a:b@h/db"))
        #expect(throws: SettingsError.self) { try Settings.fromEnvironment(["DATABASE_URL": "mysql://x"]) }
        #expect(try Settings.fromEnvironment([:]).sqliteSynchronous == .full)
        #expect(try Settings.fromEnvironment(["INTERLOAN_SQLITE_SYNCHRONOUS": "normal"]).sqliteSynchronous == .normal)
        #expect(throws: SettingsError.self) { try Settings.fromEnvironment(["INTERLOAN_SQLITE_SYNCHRONOUS": "off"]) }
        #expect(try Settings.fromEnvironment([:]).targetLoanRatio == 1)
        #expect(try Settings.fromEnvironment(["INTERLOAN_TARGET_RATIO": "1.5"]).targetLoanRatio == 1.5)
        for bad in ["0", "-1", "lots", "inf"] {
            #expect(throws: SettingsError.self) { try Settings.fromEnvironment(["INTERLOAN_TARGET_RATIO": bad]) }
        }
    }
}
