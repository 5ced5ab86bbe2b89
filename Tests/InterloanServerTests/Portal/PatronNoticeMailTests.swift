import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The emails a portal patron gets through the mail outbox, by the change or the day that causes them, and
    /// only the decisions when the patron asked for no more.
    @Suite struct PatronNoticeMailTests {
        static func mails(_ context: TestContext) async throws -> [MailRecord] {
            try await context.app.reads.select().column("*").from(MailRecord.table).orderBy("id")
                .all(reading: MailRecord.self)
        }

        static func patronKinds(_ context: TestContext) async throws -> [String] {
            try await Self.mails(context).filter { $0.kind.hasPrefix("patron-") }.map(\.kind)
        }

        @Test func aLoansLifeEmailsThePatronAtEachStepTheyCareAbout() async throws {
            try await withTestApp { context in
                try await PortalPatron.set("patron_requests", to: "unmediated", context)
                var patron = try await PortalPatron.signIn(context)
                let number = try await patron.askAndShip("Tides & <Currents>", context)
                try await context.act(number, "receive", as: "BOR")
                #expect(
                    try await Self.patronKinds(context) == [
                        "patron-placed", "patron-onItsWay", "patron-readyForPickup",
                    ])
                let mails = try await Self.mails(context).filter { $0.kind.hasPrefix("patron-") }
                #expect(mails.allSatisfy { $0.recipient == "wren@example.org" })
                let bor = try #require(
                    try await context.app.libraryDirectory.library(symbol: "BOR", on: context.app.db))
                #expect(mails.allSatisfy { $0.libraryID == bor.id }, "the borrowing library's mail, never the lender's")
                let ready = try #require(mails.last)
                #expect(ready.textBody.contains("waiting for you at BOR Library"))
                #expect(!ready.textBody.contains("LEN"), "the patron is not told who lends")
                #expect(ready.htmlBody.contains("Tides &amp; &lt;Currents&gt;"))

                // Three days before the due date, then the day after it; each once.
                for day in ["2026-12-20", "2026-12-25", "2026-12-26", "2026-12-29", "2026-12-30"] {
                    _ = try await ScheduledJobs.runOnce(
                        asOf: try #require(Day(day)).date.addingTimeInterval(9 * 3600), on: context.app)
                }
                #expect(Array(try await Self.patronKinds(context).suffix(2)) == ["patron-dueSoon", "patron-overdue"])

                _ = try await patron.browser.post("/my/notices", ["notices": "decisions"], tokenFrom: "/my")
                try await context.act(number, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
                try await context.act(number, "answerRenewal", as: "LEN", #"{"approve": false, "note": "on hold"}"#)
                try await context.act(number, "returnShip", as: "BOR", #"{"carrier": "courier"}"#)
                let kinds = try await Self.patronKinds(context)
                #expect(kinds.last == "patron-renewalDenied", "decisions still arrive")
                #expect(kinds.count == 6)
                #expect(
                    try await Self.mails(context).last { $0.kind == "patron-renewalDenied" }?.textBody.contains(
                        "The lending library said: on hold") == true)
            }
        }

        @Test func aPatronWhoWantsOnlyDecisionsHearsOfACancelAndNothingElse() async throws {
            try await withTestApp { context in
                var patron = try await PortalPatron.signIn(context)
                _ = try await patron.browser.post("/my/notices", ["notices": "decisions"], tokenFrom: "/my")
                _ = try await patron.ask(["serviceType": "loan", "title": "Quiet"])
                let number = try #require(PortalPatron.numbers(in: try await patron.browser.get("/my").html).first)
                #expect(try await Self.patronKinds(context).isEmpty)
                try await context.act(number, "cancel", as: "BOR", #"{"reason": "duplicate"}"#)
                #expect(try await Self.patronKinds(context) == ["patron-cancelled"])
                let staffPlaced = try await context.place(
                    #"{"title": "Keyed by staff", "lenders": ["LEN"], "patron": {"email": "someone@example.org"}}"#)
                try await context.act(staffPlaced, "cancel", as: "BOR")
                #expect(try await Self.patronKinds(context) == ["patron-cancelled"], "only portal accounts get these")
            }
        }
    }
}

extension DatabaseTests.PatronNoticeMailTests {
    /// Retention takes the portal account off an ended request and the patron's address off the emails sent about
    /// it; a mail still waiting to go keeps its address.
    @Test func retentionForgetsTheAccountAndTheAddressesOnceTheRequestEnded() async throws {
        try await withTestApp { context in
            var patron = try await PortalPatron.signIn(context)
            _ = try await patron.ask(["serviceType": "loan", "title": "Gone"])
            let number = try #require(PortalPatron.numbers(in: try await patron.browser.get("/my").html).first)
            try await context.act(number, "cancel", as: "BOR")
            try await context.app.db.asSQL.update(MailRecord.table).set("state", to: "sent")
                .where("kind", .equal, "patron-placed").run()
            let later = testNow.addingTimeInterval(91 * 86_400)
            _ = try await PatronIdentityPurge(defaultDays: 90).run(asOf: later, on: context.app)
            let row = try await PortalPatron.request(number, context)
            #expect(row.patronAccountID == nil && row.patronID == nil)
            let recipients = try await Self.mails(context).filter { $0.kind.hasPrefix("patron-") }
                .map { "\($0.kind) \($0.recipient)" }
            #expect(recipients == ["patron-placed ", "patron-cancelled wren@example.org"])
        }
    }
}
