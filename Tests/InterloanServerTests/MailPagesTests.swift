import Foundation
import InterloanCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Mail in the web application: the list and the message, the request page, and reminder opt-outs.
    @Suite struct MailPagesTests {
        @Test func eachLibrarySeesItsOwnMailAndTheTeamSeesAll() async throws {
            try await withTestApp { context in
                let id = try await context.place(#"{"title": "Lantern <Roads>", "lenders": ["LEN"]}"#)
                try await context.act(id, "cancel", as: "BOR", #"{"reason": "Patron left town"}"#)
                let mail = try #require(try await FollowUpTests.mails(context).first)
                #expect(mail.recipient == "ill@len.example.org")

                var len = WebClient(context)
                try await len.signIn("staff@len.example.org")
                let list = try await len.get("/mail")
                #expect(list.html.contains("/mail/\(mail.id!)"))
                #expect(list.html.contains("[\(id)] Cancelled: Lantern &lt;Roads&gt;"))
                #expect(list.html.contains("written as a file"))
                let message = try await len.get("/mail/\(mail.id!)")
                #expect(message.status == .ok)
                #expect(message.html.contains("This request was cancelled: Patron left town"))

                var bor = WebClient(context)
                try await bor.signIn("staff@bor.example.org")
                #expect(!(try await bor.get("/mail")).html.contains("/mail/\(mail.id!)"))
                #expect((try await bor.get("/mail/\(mail.id!)")).status == .notFound)

                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                #expect((try await team.get("/mail")).html.contains("/mail/\(mail.id!)"))
                let page = try await team.get("/requests/\(id)")
                #expect(page.html.contains(#"<section aria-labelledby="mail">"#))
                #expect(page.html.contains(">Cancelled</a>"))
            }
        }

        @Test func aLibrarySwitchesRemindersOffButNotDecisions() async throws {
            try await withTestApp { context in
                var bor = WebClient(context)
                try await bor.signIn("staff@bor.example.org")
                let before = try await bor.get("/settings")
                #expect(before.html.contains(#"name="remind-overdue" checked"#))
                #expect(!before.html.contains("remind-renewalApproved"))
                let saved = try await bor.post(
                    "/settings",
                    [
                        "contactEmail": "ill@bor.example.org", "loanDays": "28", "renewalsAllowed": "true",
                        "maxRenewals": "1",
                        "responseDays": "4", "reminders": "shown", "remind-notReceived": "on",
                    ],
                    tokenFrom: "/settings")
                #expect(saved.status == .seeOther)
                let after = try await bor.get("/settings")
                #expect(after.html.contains(#"name="remind-notReceived" checked"#))
                #expect(after.html.contains(#"name="remind-overdue">"#))
                let library = try #require(
                    try await context.app.libraryDirectory.library(symbol: "BOR", on: context.app.db))
                #expect(library.noticeOptOuts == Set(NoticeKind.reminders).subtracting([.notReceived]))
                #expect(
                    !library.receives(.overdue) && library.receives(.notReceived) && library.receives(.renewalDenied))
            }
        }
    }
}
