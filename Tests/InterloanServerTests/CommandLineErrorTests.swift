import Foundation
import Testing

@testable import InterloanServer

/// The command line: a command that fails says why once, on standard error, as `error: ...`, and exits non-zero.
@Suite struct CommandLineErrorTests {
    @Test func aFailedCommandSaysWhyOnceOnStandardError() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("cli-error")
        defer { cleanUp() }
        let file = database.deletingLastPathComponent().appendingPathComponent("export.dat")
        try Data("title,isbn\nThe Salt Atlas,0198526636\n".utf8).write(to: file)
        let failed = try BinaryRunner.runSeparately(
            ["holdings", "import", file.path, "--library", "NOPE"], database: database)
        #expect(failed.status == 1)
        #expect(failed.standardError == "error: no library NOPE in the directory\n")
        #expect(!failed.standardOutput.contains("NOPE"))

        let unknown = try BinaryRunner.runSeparately(["no-such-command"], database: database)
        #expect(unknown.status == 1)
        #expect(unknown.standardError == "error: Unknown command `no-such-command`\n")
    }

    @Test func theVersionIsPrintedWithoutTouchingADatabase() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("cli-version")
        defer { cleanUp() }
        let version = try BinaryRunner.runSeparately(["--version"], database: database)
        #expect(version.status == 0)
        #expect(version.standardOutput == "interloan \(InterloanVersion.current)\n")
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }
}
