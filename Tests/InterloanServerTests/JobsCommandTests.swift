import Foundation
import Testing

/// `interloan jobs run` as an operator runs it: the built binary on a demo database.
@Suite struct JobsCommandTests {
    func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        let binary = PeerCommandTests.packageRoot.appendingPathComponent(".build/debug/interloan")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["INTERLOAN_DATABASE": database.path, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "warning"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func runningTheRulesForAnInstantTwiceChangesNothingTheSecondTime() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        }
        #expect(try self.run(["demo"], database: database).status == 0)
        // The demo's open requests were asked yesterday: a month on, every one of them is past its response time.
        let instant = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
        let first = try self.run(["jobs", "run", "--once", "--now", instant], database: database)
        #expect(first.status == 0, "\(first.output)")
        let moved = first.output.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        #expect(first.output.hasPrefix("lender-no-answer: ") && moved > 0, "\(first.output)")
        let second = try self.run(["jobs", "run", "--once", "--now", instant], database: database)
        #expect(second.output.hasPrefix("lender-no-answer: 0 changed"), "\(second.output)")

        let lonely = try self.run(["jobs", "run", "--now", instant], database: database)
        #expect(lonely.status != 0)
        #expect(lonely.output.contains("--now evaluates one instant; give it with --once"))
        let garbled = try self.run(["jobs", "run", "--once", "--now", "tomorrow"], database: database)
        #expect(garbled.status != 0)
        #expect(garbled.output.contains("--now takes an instant like 2026-12-03T09:00:00Z, not 'tomorrow'"))
    }
}
