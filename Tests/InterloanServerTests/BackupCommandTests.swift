import Foundation
import Testing

@testable import InterloanServer

/// `interloan backup` and `interloan restore`, run as an operator runs them.
@Suite struct BackupCommandTests {
    static func requests(in database: URL) throws -> Int {
        let handle = try SQLiteHandle(path: database.path, readOnly: true)
        var count = 0
        try handle.run("SELECT COUNT(*) FROM requests", []) { row in
            if case .integer(let value) = row.values.first { count = value }
        }
        return count
    }

    @Test func aBackupIsACheckedCopyThatRestoresAndNeverOverwrites() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("backup")
        defer { cleanUp() }
        let folder = database.deletingLastPathComponent()
        #expect(try BinaryRunner.runSeparately(["demo", "--requests", "40"], database: database).status == 0)
        let placed = try Self.requests(in: database)
        #expect(placed >= 40)

        // A notice delivered as a file, as `serve` writes them without an SMTP server.
        let mail = folder.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        try Data("Subject: Shipped\r\n\r\nOn its way.\r\n".utf8).write(to: mail.appendingPathComponent("1.eml"))

        let copy = folder.appendingPathComponent("copy.sqlite")
        let backup = try BinaryRunner.runSeparately(["backup", "--to", copy.path], database: database)
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(backup.standardOutput.contains("\(placed) requests"))
        #expect(try Self.requests(in: copy) == placed)
        #expect(FileManager.default.fileExists(atPath: copy.path + ".mail/1.eml"), "the mail folder goes along")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".copy.sqlite.partial").path))

        let again = try BinaryRunner.runSeparately(["backup", "--to", copy.path], database: database)
        #expect(again.status == 1)
        #expect(again.standardError == "error: \(copy.path) exists already; choose a new name\n")

        // A restore into an empty place, and one over a database that has moved on.
        let elsewhere = folder.appendingPathComponent("restored.sqlite")
        let restored = try BinaryRunner.runSeparately(["restore", "--from", copy.path], database: elsewhere)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try Self.requests(in: elsewhere) == placed)
        #expect(try BinaryRunner.runSeparately(["demo", "--requests", "5"], database: database).status == 0)
        #expect(try Self.requests(in: database) > placed)
        #expect(try BinaryRunner.runSeparately(["restore", "--from", copy.path], database: database).status == 0)
        #expect(try Self.requests(in: database) == placed)
    }

    @Test func aRestoreRefusesWhatIsNotAWholeInterloanDatabase() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("restore")
        defer { cleanUp() }
        let folder = database.deletingLastPathComponent()
        let text = folder.appendingPathComponent("notes.txt")
        try Data("not a database".utf8).write(to: text)
        let missing = folder.appendingPathComponent("missing.sqlite")
        for (file, reason) in [
            (text.path, "\(text.path) is not an SQLite database"),
            (missing.path, "\(missing.path) does not exist"),
        ] {
            let refused = try BinaryRunner.runSeparately(["restore", "--from", file], database: database)
            #expect(refused.status == 1)
            #expect(refused.standardError == "error: \(reason)\n")
        }
        let usage = try BinaryRunner.runSeparately(["restore", "--to", "x"], database: database)
        #expect(usage.standardError == "error: usage: interloan restore --from FILE\n")
        #expect(!FileManager.default.fileExists(atPath: database.path), "nothing was put in place")
    }

    @Test func aRestoreRefusesWhileAServerHoldsTheDatabase() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("held")
        defer { cleanUp() }
        #expect(try BinaryRunner.runSeparately(["migrate"], database: database).status == 0)
        let copy = database.deletingLastPathComponent().appendingPathComponent("copy.sqlite")
        #expect(try BinaryRunner.runSeparately(["backup", "--to", copy.path], database: database).status == 0)
        // What `serve` takes when it starts.
        let held = try DatabaseLock.acquire(for: database.path)
        let refused = try BinaryRunner.runSeparately(["restore", "--from", copy.path], database: database)
        #expect(refused.status == 1)
        #expect(
            refused.standardError
                == "error: another Interloan process (a server or a restore) is using \(database.path); stop it first\n"
        )
        withExtendedLifetime(held) {}
    }
}
