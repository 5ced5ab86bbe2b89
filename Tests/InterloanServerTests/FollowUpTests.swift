import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanCore
@testable import InterloanServer

extension DatabaseTests {
    /// The follow-up rules through the API with a fixed clock (testNow is Monday 2026-11-30; every test library is
    /// a Monday-Thursday courier stop), and the notices they queue.
    @Suite struct FollowUpTests {
        static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

        /// One pass of the rules; what it did to requests, leaving out the report tallies it caught up and the report
        /// months it closed (not a request's).
        static func pass(_ context: TestContext, at text: String) async throws -> ScheduledJobs.Report {
            var report = try await ScheduledJobs.runOnce(asOf: Self.at(text), on: context.app)
            report.changes.removeAll { $0.rule == "report-months" || $0.rule == "report-tallies" }
            return report
        }

        static func mails(_ context: TestContext, kind: NoticeKind? = nil) async throws -> [MailRecord] {
            let sql = context.app.db.asSQL
            let query = sql.select().column("*").from(MailRecord.table)
            if let kind { query.where("kind", .equal, kind.rawValue) }
            return try await query.orderBy("id").all(reading: MailRecord.self)
        }

        static func queueCount(_ context: TestContext, _ flag: WorkQueue.FollowUpFlag, statuses: [RequestStatus])
            async throws -> Int
        {
            try await RequestListing(statuses: statuses.map(\.rawValue), flag: flag).count(on: context.app.db.asSQL)
        }

        @Test func aLoanIsFollowedFromShippingToCheckIn() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
                let shipped = try await Self.mails(context, kind: .shipped)
                #expect(shipped.map(\.recipient) == ["ill@bor.example.org"])
                #expect(shipped.first?.subject == "[\(id)] Shipped: The Salt Atlas")
                #expect(shipped.first?.textBody.contains("Expected arrival: 2026-12-03.") == true)

                // Expected Thursday 3 December; Friday is the grace day.
                #expect(try await Self.pass(context, at: "2026-12-04T18:00:00Z").total == 0)
                let saturday = try await Self.pass(context, at: "2026-12-05T08:00:00Z")
                #expect(saturday.changed(by: "not-received") == 1)
                #expect(saturday.changed(by: "please-update") == 0)
                #expect(try await Self.pass(context, at: "2026-12-05T08:00:00Z").total == 0)
                #expect(try await Self.queueCount(context, .notReceived, statuses: [.shipped]) == 1)
                let notReceived = try await Self.mails(context, kind: .notReceived)
                #expect(notReceived.count == 1)
                #expect(notReceived.first?.textBody.contains("expected by 2026-12-03") == true)

                // Three days past the expected arrival: please update.
                #expect(try await Self.pass(context, at: "2026-12-07T08:00:00Z").changed(by: "please-update") == 1)
                #expect(try await Self.pass(context, at: "2026-12-08T08:00:00Z").total == 0)

                context.app.clock = .fixed(Self.at("2026-12-08T10:00:00Z"))
                try await context.act(id, "receive", as: "BOR")
                #expect(try await Self.queueCount(context, .notReceived, statuses: [.shipped]) == 0)
                #expect(try await Self.pass(context, at: "2027-01-15T20:00:00Z").total == 0)
                #expect(try await Self.pass(context, at: "2027-01-16T08:00:00Z").changed(by: "overdue") == 1)
                #expect(try await Self.pass(context, at: "2027-01-20T08:00:00Z").total == 0)
                #expect(try await Self.pass(context, at: "2027-01-22T08:00:00Z").changed(by: "overdue") == 1)
                // 40 days late: the 14-day notice was never sent (no pass ran then); the latest one goes out,
                // and the loan is flagged possibly lost.
                #expect(try await Self.pass(context, at: "2027-02-24T08:00:00Z").changed(by: "overdue") == 1)
                #expect(try await Self.pass(context, at: "2027-02-24T08:00:00Z").total == 0)
                let overdue = try await Self.mails(context, kind: .overdue)
                #expect(overdue.map { $0.textBody.contains("is 1 day overdue") } == [true, false, false])
                #expect(overdue.last?.textBody.contains("40 days overdue") == true)
                #expect(try await Self.queueCount(context, .possiblyLost, statuses: WorkQueue.onLoanAtBorrower) == 1)

                context.app.clock = .fixed(Self.at("2027-02-25T10:00:00Z"))
                try await context.act(
                    id, "returnShip", as: "BOR", #"{"carrier": "usps", "trackingNumber": "9400 111"}"#)
                #expect(try await Self.pass(context, at: "2027-03-26T08:00:00Z").total == 0)
                #expect(
                    try await Self.pass(context, at: "2027-03-27T08:00:00Z").changed(by: "returned-not-checked-in") == 1
                )
                let prompt = try await Self.mails(context, kind: .notCheckedIn)
                #expect(prompt.map(\.recipient) == ["ill@len.example.org"])
                #expect(prompt.first?.textBody.contains("tracking number 9400 111") == true)
            }
        }

        @Test func aShipmentNeverReceivedOpensTheCourierClaimWindow() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
                #expect(
                    try await Self.pass(context, at: "2027-01-29T08:00:00Z").changed(by: "courier-claim-window") == 0)
                #expect(
                    try await Self.pass(context, at: "2027-01-30T08:00:00Z").changed(by: "courier-claim-window") == 1)
                let claim = try await Self.mails(context, kind: .claimWindowOpen)
                #expect(claim.first?.textBody.contains("until 2027-11-30") == true)
            }
        }

        @Test func renewalDecisionsAlwaysArriveAndRemindersCanBeSwitchedOff() async throws {
            try await withTestApp { context in
                let sql = context.app.db.asSQL
                try await sql.update(LibraryModel.schema).set("notice_opt_outs", to: "overdue,pleaseUpdate")
                    .where("symbol", .equal, "BOR").run()
                await context.app.libraryDirectory.invalidate()

                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-20"}"#)
                try await context.act(id, "receive", as: "BOR")
                try await context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-20"}"#)
                try await context.act(id, "answerRenewal", as: "LEN", #"{"approve": true, "dueDate": "2027-01-10"}"#)
                let approved = try await Self.mails(context, kind: .renewalApproved)
                #expect(approved.map(\.subject) == ["[\(id)] Renewal approved: The Salt Atlas"])
                #expect(approved.first?.textBody.contains("New due date: 2027-01-10.") == true)

                #expect(try await Self.pass(context, at: "2027-01-12T08:00:00Z").changed(by: "overdue") == 0)
                #expect(try await Self.mails(context, kind: .overdue).isEmpty)

                // The borrower sees its own mail about the request; the lender sees none of it.
                let (_, mine) = try await context.call(.GET, "/api/v1/requests/\(id)/mail", as: "BOR")
                #expect((mine as? [[String: Any]])?.map { $0["kind"] as? String } == ["shipped", "renewalApproved"])
                let (_, theirs) = try await context.call(.GET, "/api/v1/requests/\(id)/mail", as: "LEN")
                #expect((theirs as? [[String: Any]])?.isEmpty == true)
                let (status, _) = try await context.call(.GET, "/api/v1/requests/\(id)/mail", as: "OTH")
                #expect(status == .notFound)
            }
        }

        @Test func aDeniedRenewalCarriesTheLendersNote() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-20"}"#)
                try await context.act(id, "receive", as: "BOR")
                try await context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-20"}"#)
                try await context.act(
                    id, "answerRenewal", as: "LEN", #"{"approve": false, "note": "Reserved for a class"}"#)
                let denied = try await Self.mails(context, kind: .renewalDenied)
                #expect(denied.first?.subject == "[\(id)] Renewal denied: The Salt Atlas")
                #expect(denied.first?.textBody.contains("The lender's note: Reserved for a class") == true)
                #expect(denied.first?.htmlBody.contains("Reserved for a class") == true)
            }
        }
    }
}
