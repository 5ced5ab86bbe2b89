import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import InterloanCore
@testable import InterloanServer

/// A mail server that is down: every hand-over fails (the real server is exercised by Tests/mail).
private struct UnreachableServer: MailTransport {
    let calls = NIOLockedValueBox(0)

    func send(_ mail: OutgoingMail) async throws {
        self.calls.withLockedValue { $0 += 1 }
        throw SMTPError.connectionClosed(during: "the greeting")
    }
}

extension DatabaseTests {
    /// Delivery from the outbox: files without a mail server, retries, and failures reported on the request.
    @Suite struct MailOutboxTests {
        /// A request with one queued notice (the shipped notice to BOR).
        static func shippedRequest(_ context: TestContext) async throws -> String {
            let id = try await context.place(#"{"title": "Ünïcode & <Rivers>", "lenders": ["LEN"]}"#)
            try await context.act(id, "willSupply", as: "LEN")
            try await context.act(
                id, "ship", as: "LEN", #"{"carrier": "usps", "trackingNumber": "9400 7", "dueDate": "2027-01-15"}"#)
            return id
        }

        @Test func withoutAServerEachMailBecomesOneEmlFile() async throws {
            try await withTestApp { context in
                let id = try await Self.shippedRequest(context)
                guard case .files(let directory) = context.app.mailSettings.delivery else {
                    Issue.record("the tests deliver to files")
                    return
                }
                #expect(
                    try await context.app.mailOutbox.deliverDue() == MailOutbox.Pass(sent: 1, retrying: 0, failed: 0))
                #expect(try await context.app.mailOutbox.deliverDue() == MailOutbox.Pass())
                let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                    $0.hasSuffix(".eml")
                }
                #expect(files.count == 1)
                let text = try String(contentsOfFile: directory + "/" + files[0], encoding: .utf8)
                #expect(text.contains("To: ill@bor.example.org\r\n"))
                #expect(text.contains("Subject: =?utf-8?b?"))
                #expect(text.contains("X-Interloan-Request: \(id)\r\n"))
                #expect(text.contains("Message-ID: <interloan-mail-"))
                #expect(text.contains("Content-Type: text/html; charset=utf-8"))
                let (_, listed) = try await context.call(.GET, "/api/v1/requests/\(id)/mail", as: "BOR")
                #expect((listed as? [[String: Any]])?.first?["state"] as? String == "sent")
            }
        }

        @Test func claimsOfAKilledServerAreReleasedSoItsMailGoesOutAtOnce() async throws {
            try await withTestApp { context in
                _ = try await Self.shippedRequest(context)
                // A sender claimed the mail, then its process died before sending it.
                try await context.app.writes.write { sql in
                    try await sql.update(MailRecord.table)
                        .set("claimed_until", to: testNow.addingTimeInterval(MailOutbox.claimDuration)).run()
                }
                #expect(try await context.app.mailOutbox.deliverDue() == MailOutbox.Pass())
                #expect(try await OutboxClaims.releaseAbandoned(in: MailRecord.table, through: context.app.writes) == 1)
                #expect(try await OutboxClaims.releaseAbandoned(in: MailRecord.table, through: context.app.writes) == 0)
                #expect(try await context.app.mailOutbox.deliverDue().sent == 1)
            }
        }

        @Test func aServerThatStaysDownIsRetriedWithGrowingDelaysThenReportedOnTheRequest() async throws {
            try await withTestApp { context in
                let id = try await Self.shippedRequest(context)
                let server = UnreachableServer()
                let outbox = MailOutbox(app: context.app, transport: server, from: "ill@consortium.example.org")
                var now = testNow
                var waits: [TimeInterval] = []
                for attempt in 1...MailOutbox.maximumAttempts {
                    context.app.clock = .fixed(now)
                    let pass = try await outbox.deliverDue()
                    #expect(pass.sent == 0)
                    #expect(attempt < MailOutbox.maximumAttempts ? pass.retrying == 1 : pass.failed == 1)
                    // Nothing more is tried before the wait is over.
                    #expect(try await outbox.deliverDue() == MailOutbox.Pass())
                    let record = try #require(try await FollowUpTests.mails(context).first)
                    if attempt < MailOutbox.maximumAttempts {
                        waits.append(record.nextAttemptAt.timeIntervalSince(now))
                        now = record.nextAttemptAt
                    }
                }
                #expect(waits == [60, 120, 240, 480])
                #expect(server.calls.withLockedValue { $0 } == MailOutbox.maximumAttempts)
                context.app.clock = .fixed(now.addingTimeInterval(86_400))
                #expect(try await outbox.deliverDue() == MailOutbox.Pass())

                let (_, listed) = try await context.call(.GET, "/api/v1/requests/\(id)/mail", as: "BOR")
                let mail = try #require((listed as? [[String: Any]])?.first)
                #expect(mail["state"] as? String == "failed")
                #expect(mail["attempts"] as? Int == MailOutbox.maximumAttempts)
                #expect((mail["lastError"] as? String)?.contains("closed the connection during the greeting") == true)
                // The action that caused the mail stood regardless.
                let (_, request) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
                #expect((request as? [String: Any])?["status"] as? String == "shipped")
            }
        }

        @Test func smtpURLsAreReadWithTheirSecurityAndCredentials() throws {
            let plain = try SMTPConfiguration.parse("smtp://ill%40state.example.org:s3cret%21@mail.example.org:587")
            #expect(
                plain
                    == SMTPConfiguration(
                        host: "mail.example.org", port: 587, username: "ill@state.example.org", password: "s3cret!",
                        security: .startTLSWhenOffered))
            #expect(try SMTPConfiguration.parse("smtps://mail.example.org").port == 465)
            #expect(try SMTPConfiguration.parse("smtp://127.0.0.1").port == 25)
            #expect(throws: SettingsError.self) { try SMTPConfiguration.parse("http://mail.example.org") }
            #expect(throws: SettingsError.self) { try SMTPConfiguration.parse("smtp://") }
            #expect(throws: SettingsError.self) {
                try Settings.fromEnvironment(["INTERLOAN_MAIL_FROM": "not an address"])
            }
            let settings = try Settings.fromEnvironment(["INTERLOAN_DATABASE": "/var/lib/interloan/db.sqlite"])
            #expect(settings.mail.delivery == .files(directory: "/var/lib/interloan/mail"))
        }

        @Test func messagesAreDotStuffedForSMTP() {
            #expect(SMTPClient.dotStuffed("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n")
            #expect(SMTPClient.dotStuffed("no final break") == "no final break\r\n")
        }
    }
}
