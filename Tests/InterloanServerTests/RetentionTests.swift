import Foundation
import ISO18626
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// What is only needed for a while goes when its days are over, and nothing else does.
    @Suite struct RetentionTests {
        static func daysAgo(_ days: Double) -> Date { testNow.addingTimeInterval(-days * 86_400) }

        static func mail(_ key: String, state: MailRecord.State, sentDaysAgo days: Double) -> MailRecord {
            MailRecord(
                kind: "test", dedupeKey: key, recipient: "ill@bor.example.org", subject: "Subject \(key)",
                textBody: "Text \(key)", htmlBody: "<p>Text \(key)</p>", state: state, attempts: 1,
                nextAttemptAt: Self.daysAgo(days), createdAt: Self.daysAgo(days),
                sentAt: state == .sent ? Self.daysAgo(days) : nil)
        }

        @Test func fingerprintsAndSentMailTextGoAfterTheirDaysAndNothingElse() async throws {
            try await withTestApp { context in
                let (partner, _) = try await PartnerRegistry(app: context.app).add(
                    agency: AgencyID(type: "ISIL", value: "US-PEER"), name: "Peer State Library",
                    endpoint: "http://127.0.0.1:9/iso18626", symbol: "PEER")
                let partnerID = try #require(partner.id)
                try await context.app.writes.write { sql in
                    for (fingerprint, days) in [("old", 91.0), ("recent", 89.0)] {
                        try await sql.insert(into: PartnerInboxRecord.table)
                            .row(
                                PartnerInboxRecord(
                                    partnerID: partnerID, fingerprint: fingerprint, receivedAt: Self.daysAgo(days))
                            ).run()
                    }
                    try await sql.insert(into: MailRecord.table)
                        .rows([
                            Self.mail("old-sent", state: .sent, sentDaysAgo: 181),
                            Self.mail("recent-sent", state: .sent, sentDaysAgo: 179),
                            Self.mail("old-failed", state: .failed, sentDaysAgo: 400),
                        ]).run()
                }

                let first = try await context.app.retention.purge(asOf: testNow, on: context.app)
                #expect(first.map(\.rule) == ["message-fingerprints", "mail-bodies", "patron-identities"])
                #expect(first.map(\.count) == [1, 1, 0])
                let fingerprints = try await context.app.reads.select().column("fingerprint")
                    .from(PartnerInboxRecord.table).all().map { try $0.decode(column: "fingerprint", as: String.self) }
                #expect(fingerprints == ["recent"])
                let mails = try await context.app.reads.select().column("*").from(MailRecord.table)
                    .where("kind", .equal, "test").orderBy("dedupe_key").all(reading: MailRecord.self)
                #expect(mails.map(\.dedupeKey) == ["old-failed", "old-sent", "recent-sent"])
                #expect(mails.map(\.textBody) == ["Text old-failed", "", "Text recent-sent"])
                #expect(mails.map(\.htmlBody) == ["<p>Text old-failed</p>", "", "<p>Text recent-sent</p>"])
                #expect(mails[1].subject == "Subject old-sent", "the record of the notice stays")

                let again = try await context.app.retention.purge(asOf: testNow, on: context.app)
                #expect(again.map(\.count) == [0, 0, 0])
            }
        }
    }
}

@Suite struct RetentionSettingsTests {
    @Test func aStoppingServerWaitsTheChosenSecondsForRequestsInFlight() throws {
        #expect(try Settings.fromEnvironment([:]).shutdownSeconds == 20)
        #expect(try Settings.fromEnvironment(["INTERLOAN_SHUTDOWN_SECONDS": "5"]).shutdownSeconds == 5)
        for bad in ["0", "3601", "soon", "-1"] {
            #expect(throws: SettingsError.self) { try Settings.fromEnvironment(["INTERLOAN_SHUTDOWN_SECONDS": bad]) }
        }
    }

    @Test func daysComeFromTheEnvironmentWithinTenYears() throws {
        let defaults = try Settings.fromEnvironment([:]).retention
        #expect(defaults.messageFingerprintDays == 90)
        #expect(defaults.mailBodyDays == 180)
        let chosen = try Settings.fromEnvironment([
            "INTERLOAN_RETAIN_FINGERPRINT_DAYS": "30", "INTERLOAN_RETAIN_MAIL_BODY_DAYS": "3650",
        ]).retention
        #expect(chosen.messageFingerprintDays == 30)
        #expect(chosen.mailBodyDays == 3650)
        for bad in ["0", "-5", "3651", "forever", "99999999999999999999", "1.5"] {
            #expect(throws: SettingsError.self) {
                try Settings.fromEnvironment(["INTERLOAN_RETAIN_MAIL_BODY_DAYS": bad])
            }
        }
    }
}
