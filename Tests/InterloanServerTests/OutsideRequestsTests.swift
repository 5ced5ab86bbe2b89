import Fluent
import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The out-of-state form: nothing exists until the contact confirms from the mailed link; then one request with
    /// an external directory entry, in the team's referrals, followed at a private link.
    @Suite struct OutsideRequestsTests {
        static let form = [
            "libraryName": "Cedar Bluff Public Library", "address": "12 Quarry Road\nCedar Bluff, NV 89001",
            "contactEmail": "ILL@cedarbluff.example.org", "serviceType": "loan", "title": "The Salt Atlas",
            "isbn": "9780306406157", "agree": "yes",
        ]

        static func mails(_ context: TestContext, kind: String) async throws -> [MailRecord] {
            try await context.app.reads.select().column("*").from(MailRecord.table).where("kind", .equal, kind)
                .orderBy("id").all(reading: MailRecord.self)
        }

        /// The link in a mail's text, with its host taken off.
        static func link(in mail: MailRecord, to path: String) throws -> String {
            let start = try #require(mail.textBody.range(of: path))
            let link = mail.textBody[start.lowerBound...].prefix { !$0.isWhitespace }
            return String(link)
        }

        @Test func theFormCreatesNothingUntilTheContactConfirmsOnce() async throws {
            try await withTestApp { context in
                var browser = WebClient(context)
                let sent = try await browser.post("/out-of-state", Self.form, tokenFrom: "/out-of-state")
                #expect(sent.status == .ok)
                #expect(sent.html.contains("ill@cedarbluff.example.org"))
                #expect(try await context.app.storedRequests().isEmpty, "nothing before the confirmation")
                let confirmations = try await Self.mails(context, kind: OutsideReferrals.confirmationKind)
                #expect(confirmations.map(\.recipient) == ["ill@cedarbluff.example.org"])
                let link = try Self.link(in: try #require(confirmations.first), to: "/out-of-state/confirm")

                let page = try await browser.get(link)
                #expect(page.status == .ok && page.html.contains("Cedar Bluff Public Library"))
                #expect(
                    try await context.app.storedRequests().isEmpty, "opening the link (a mail scanner) creates nothing")
                let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "t" }?.value)
                let confirmed = try await browser.post("/out-of-state/confirm", ["t": token], tokenFrom: link)
                #expect(confirmed.html.contains("is with the team"))
                let requests = try await context.app.storedRequests()
                #expect(requests.count == 1)
                let library = try #require(
                    try await LibraryModel.query(on: context.app.db).filter(\.$kind == LibraryModel.externalKind)
                        .first())
                #expect(library.name == "Cedar Bluff Public Library" && !library.isMember)
                #expect(library.symbol.hasPrefix("OOS-"))
                #expect(requests.first?.borrowerID == library.id)
                #expect(requests.first?.notes?.contains("12 Quarry Road") == true, "the lender sees where to ship")

                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                let number = RequestNumber.encode(try #require(requests.first?.id))
                #expect(try await team.get("/queues/team/referrals").html.contains(number))

                let again = try await browser.post("/out-of-state/confirm", ["t": token], tokenFrom: link)
                #expect(again.html.contains("Already confirmed"))
                #expect(try await context.app.storedRequests().count == 1, "a link confirms once")

                let follow = try #require(try await Self.mails(context, kind: OutsideReferrals.followLinkKind).first)
                let followLink = try Self.link(in: follow, to: "/out-of-state/requests/")
                let (mailStatus, mail) = try await context.call(.GET, "/api/v1/requests/\(number)/mail", as: "TEAM")
                #expect(mailStatus == .ok)
                #expect(
                    (mail as? [[String: Any]])?.compactMap { $0["label"] as? String }
                        == ["Out-of-state: private follow link"])
                var reader = WebClient(context)
                let status = try await reader.get(followLink)
                #expect(status.status == .ok && status.html.contains(number))
                #expect(try await reader.get("/out-of-state/requests/il_guess").status == .notFound)

                // Routed like any referral; the library hears of the shipment by email, as members do.
                try await context.act(number, "route", as: "TEAM", #"{"lenders": ["LEN"]}"#)
                try await context.act(number, "willSupply", as: "LEN")
                try await context.act(number, "ship", as: "LEN", #"{"carrier": "usps", "dueDate": "2026-12-28"}"#)
                let shipped = try await Self.mails(context, kind: NoticeKind.shipped.rawValue)
                #expect(shipped.map(\.recipient) == ["ill@cedarbluff.example.org"])
                let followed = try await reader.get(followLink)
                #expect(followed.html.contains("2026-12-28") && followed.html.contains("Sent to you"))
            }
        }

        @Test func badFormsNameTheirFieldsAndSendNothing() async throws {
            try await withTestApp { context in
                var browser = WebClient(context)
                var form = Self.form
                form["agree"] = nil
                form["contactEmail"] = "not an address"
                form["isbn"] = "12"
                form["libraryName"] = "Bad\u{7}name"
                let refused = try await browser.post("/out-of-state", form, tokenFrom: "/out-of-state")
                #expect(refused.status == .unprocessableEntity)
                for field in ["agree", "contactEmail", "isbn", "libraryName"] {
                    #expect(refused.html.contains("\(field): "), "\(field)")
                }
                #expect(try await Self.mails(context, kind: OutsideReferrals.confirmationKind).isEmpty)
                let forged = try await browser.get("/out-of-state/confirm?t=outside-e30.AAAA")
                #expect(forged.status == .gone)
            }
        }

        @Test func aConfirmationLinkExpiresAfterThreeDaysAndSendingIsThrottled() async throws {
            try await withTestApp { context in
                var browser = WebClient(context)
                _ = try await browser.post("/out-of-state", Self.form, tokenFrom: "/out-of-state")
                let mail = try #require(try await Self.mails(context, kind: OutsideReferrals.confirmationKind).first)
                let link = try Self.link(in: mail, to: "/out-of-state/confirm")
                context.app.clock = .fixed(testNow.addingTimeInterval(3 * 86_400 + 60))
                #expect(try await browser.get(link).status == .gone)
                context.app.clock = .fixed(testNow)
                for copy in 2...5 {
                    var form = Self.form
                    form["title"] = "The Salt Atlas, copy \(copy)"
                    _ = try await browser.post("/out-of-state", form, tokenFrom: "/out-of-state")
                }
                let same = try await browser.post("/out-of-state", Self.form, tokenFrom: "/out-of-state")
                #expect(same.status == .tooManyRequests, "five mails an hour to one address at most")
                #expect(try await Self.mails(context, kind: OutsideReferrals.confirmationKind).count == 5)
            }
        }
    }
}
