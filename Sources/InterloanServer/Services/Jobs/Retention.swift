import Foundation
import SQLKit
import Vapor

/// How long the scheduler keeps what is only needed for a while. Requests, their history and everything the
/// figures are made from are never purged.
public struct Retention: Sendable, Equatable {
    /// Days a received partner message's fingerprint is kept, so a repeat within them is confirmed but not applied
    /// twice; partners repeat a message within hours.
    public var messageFingerprintDays = 90
    /// Days a sent notice keeps its text; after them only its record (to whom, what, when) remains.
    public var mailBodyDays = 180
    /// Days after a request ends that it keeps who it was for (patron id, name, email, the link it came from);
    /// a library may choose fewer. The American Library Association's privacy guidance: keep the figures, not who
    /// read what.
    public var patronDays = 90

    /// The largest value either setting takes: ten years.
    static let longest = 3650
    /// Rows changed per write, so the writer is never held long by a purge.
    static let chunk = 500

    public init() {}

    /// Purges what is older than its retention as of `now`; returns how many rows each purge touched.
    func purge(asOf now: Date, on application: Application) async throws -> [(rule: String, count: Int)] {
        let fingerprintsBefore = now.addingTimeInterval(-Double(self.messageFingerprintDays) * 86_400)
        let mailBefore = now.addingTimeInterval(-Double(self.mailBodyDays) * 86_400)
        let patrons = try await PatronIdentityPurge(defaultDays: self.patronDays).run(asOf: now, on: application)
        return [
            (
                "message-fingerprints",
                try await Self.inChunks(
                    on: application,
                    SQLQueryString(
                        """
                        DELETE FROM \(ident: PartnerInboxRecord.table) WHERE id IN (SELECT id FROM \
                        \(ident: PartnerInboxRecord.table) WHERE received_at < \(bind: fingerprintsBefore) \
                        LIMIT \(unsafeRaw: String(Self.chunk)))
                        """))
            ),
            (
                "mail-bodies",
                try await Self.inChunks(
                    on: application,
                    SQLQueryString(
                        """
                        UPDATE \(ident: MailRecord.table) SET text_body = '', html_body = '' WHERE id IN (SELECT id \
                        FROM \(ident: MailRecord.table) WHERE state = \(bind: MailRecord.State.sent.rawValue) AND \
                        sent_at < \(bind: mailBefore) AND text_body <> '' LIMIT \(unsafeRaw: String(Self.chunk)))
                        """))
            ),
            ("patron-identities", patrons),
        ]
    }

    /// Runs `statement` in writes of its own until it touches no row; returns the rows touched in all.
    static func inChunks(
        on application: Application, _ statement: SQLQueryString
    ) async throws -> Int {
        var total = 0
        while true {
            let touched = try await application.writes.write { sql in
                try await sql.raw(statement + " RETURNING 1 AS touched").all().count
            }
            total += touched
            if touched < Self.chunk { return total }
        }
    }
}

extension Application {
    private struct RetentionKey: StorageKey {
        typealias Value = Retention
    }

    /// How long purged things are kept; set by `configure`.
    var retention: Retention {
        get { self.storage[RetentionKey.self] ?? Retention() }
        set { self.storage[RetentionKey.self] = newValue }
    }
}
