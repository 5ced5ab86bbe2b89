import Foundation
import Testing

/// `interloan jobs run` as an operator runs it: the built binary on a demo database.
@Suite struct JobsCommandTests {
    func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        try BinaryRunner.run(arguments, database: database)
    }

    /// `rule: N changed as of ...` lines, by rule.
    static func counts(_ output: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") where line.contains(" changed as of ") {
            let parts = line.split(separator: " ")
            if parts.count > 1, let count = Int(parts[1]) { counts[String(parts[0].dropLast())] = count }
        }
        return counts
    }

    @Test func runningTheRulesForAnInstantTwiceChangesNothingTheSecondTime() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("jobs")
        defer { cleanUp() }
        #expect(try self.run(["demo"], database: database).status == 0)
        // The demo's open requests were asked yesterday: a month on, every one of them is past its response time.
        let instant = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
        let first = try self.run(["jobs", "run", "--once", "--now", instant], database: database)
        #expect(first.status == 0, "\(first.output)")
        let changed = Self.counts(first.output)
        #expect(
            Array(changed.keys).sorted() == [
                "copyright-ledger", "courier-claim-window", "documents", "expired-sessions", "lender-no-answer",
                "mail-bodies",
                "message-fingerprints",
                "not-received", "overdue", "patron-due-dates", "patron-identities", "please-update",
                "report-months", "report-tallies", "returned-not-checked-in",
            ])
        // The demo has requests waiting on lenders, shipped, on loan past their due dates and returned.
        for rule in ["lender-no-answer", "not-received", "please-update", "overdue", "returned-not-checked-in"] {
            #expect((changed[rule] ?? 0) > 0, "\(rule): \(first.output)")
        }
        let second = try self.run(["jobs", "run", "--once", "--now", instant], database: database)
        #expect(Self.counts(second.output).values.allSatisfy { $0 == 0 }, "\(second.output)")
        let mail = try self.run(["mail", "deliver", "--now", instant], database: database)
        #expect(
            mail.output.hasPrefix("mail: ") && mail.output.contains(" sent, 0 to retry, 0 failed"), "\(mail.output)")
        #expect(
            try self.run(["mail", "deliver", "--now", instant], database: database).output
                .hasPrefix("mail: 0 sent, 0 to retry, 0 failed"))

        let lonely = try self.run(["jobs", "run", "--now", instant], database: database)
        #expect(lonely.status != 0)
        #expect(lonely.output.contains("--now evaluates one instant; give it with --once"))
        let garbled = try self.run(["jobs", "run", "--once", "--now", "tomorrow"], database: database)
        #expect(garbled.status != 0)
        #expect(garbled.output.contains("--now takes an instant like 2026-12-03T09:00:00Z, not 'tomorrow'"))
    }
}
