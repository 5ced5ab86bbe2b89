import Foundation
import Testing

/// `interloan jobs run` as an operator runs it: the built binary on a demo database.
@Suite struct JobsCommandTests {
    func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        try BinaryRunner.run(arguments, database: database)
    }

    @Test func runningTheRulesForAnInstantTwiceChangesNothingTheSecondTime() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("jobs")
        defer { cleanUp() }
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
