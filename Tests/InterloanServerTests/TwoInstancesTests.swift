import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import InterloanCore
@testable import InterloanServer

/// Records which mails it was handed, for two outboxes sharing one database.
private struct CountingTransport: MailTransport {
    let handed: NIOLockedValueBox<[String]>

    func send(_ mail: OutgoingMail) async throws {
        self.handed.withLockedValue { $0.append(mail.fileName) }
    }
}

extension DatabaseTests {
    /// Two server instances on one database (in CI, one PostgreSQL): every follow-up and every notice happens once.
    @Suite struct TwoInstancesTests {
        @Test func twoInstancesSweepingAtOnceActAndMailOnce() async throws {
            try await withTestApp { context in
                var shipped: [String] = []
                for index in 0..<8 {
                    let id = try await context.place()
                    if index % 2 == 0 {
                        try await context.act(id, "willSupply", as: "LEN")
                        try await context.act(
                            id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
                        shipped.append(id)
                    }
                }
                let sql = context.app.db.asSQL
                try await sql.delete(from: MailRecord.table).run()  // the shipped notices; only the rules' count here
                let instant = try Date("2026-12-10T08:00:00Z", strategy: .iso8601)
                // Both sweep at the same instant, and the actions they take are stamped with it: the next lender is
                // asked at that instant, so neither instance finds that lender late too.
                context.app.clock = .fixed(instant)
                try await withSecondInstance(of: context) { second in
                    async let first = ScheduledJobs.runOnce(asOf: instant, on: context.app)
                    async let other = ScheduledJobs.runOnce(asOf: instant, on: second)
                    let reports = try await [first, other]
                    for rule in ["lender-no-answer", "not-received", "please-update"] {
                        #expect(reports.map { $0.changed(by: rule) }.reduce(0, +) == 4, "\(rule)")
                    }
                    let events = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                        .from(EventRecord.table).where("action", .equal, "noAnswer").first()?.decode(
                            column: "n", as: Int.self)
                    #expect(events == 4)
                    let mails = try await FollowUpTests.mails(context)
                    #expect(mails.count == 8)
                    #expect(Set(mails.map(\.dedupeKey)).count == 8)

                    let handed = NIOLockedValueBox<[String]>([])
                    let transport = CountingTransport(handed: handed)
                    async let firstPass = MailOutbox(
                        app: context.app, transport: transport, from: "ill@test.example.org"
                    ).deliverDue()
                    async let otherPass = MailOutbox(app: second, transport: transport, from: "ill@test.example.org")
                        .deliverDue()
                    let passes = try await [firstPass, otherPass]
                    #expect(passes.map(\.sent).reduce(0, +) == 8)
                    let names = handed.withLockedValue { $0 }
                    #expect(names.count == 8 && Set(names).count == 8)
                }
            }
        }
    }
}
