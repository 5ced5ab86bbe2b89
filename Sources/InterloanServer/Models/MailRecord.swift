import Foundation

/// A row of `mail_outbox`: one rendered notice and where it is in its delivery.
struct MailRecord: StoredRow {
    static let table = "mail_outbox"

    enum State: String, CaseIterable, Sendable {
        /// Not sent yet, or to be tried again at `nextAttemptAt`.
        case pending
        /// The mail server accepted it (or it was written as a file).
        case sent
        /// Every attempt failed; shown on the request and in the mail list.
        case failed
    }

    var id: Int?
    var requestID: Int?
    /// The library whose ILL contact receives it.
    var libraryID: Int?
    var kind: String
    /// Unique per notice: the same notice is queued once however often a rule or a retry reaches it.
    var dedupeKey: String
    var recipient: String
    var subject: String
    var textBody: String
    var htmlBody: String
    var state: State
    var attempts: Int
    var nextAttemptAt: Date
    var claimedUntil: Date?
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?
    /// Further header lines (`Name: value`, CRLF-separated), e.g. a list mail's `List-Unsubscribe`.
    var headers: String?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .int("library_id", \.libraryID), .text("kind", \.kind),
        .text("dedupe_key", \.dedupeKey), .text("recipient", \.recipient), .text("subject", \.subject),
        .text("text_body", \.textBody), .text("html_body", \.htmlBody), .text("state", \.state),
        .int("attempts", \.attempts), .date("next_attempt_at", \.nextAttemptAt),
        .date("claimed_until", \.claimedUntil), .text("last_error", \.lastError), .date("created_at", \.createdAt),
        .date("sent_at", \.sentAt), .text("headers", \.headers),
    ]

    static var unread: Self {
        let never = Date(timeIntervalSince1970: 0)
        return Self(
            kind: "", dedupeKey: "", recipient: "", subject: "", textBody: "", htmlBody: "", state: .pending,
            attempts: 0, nextAttemptAt: never, createdAt: never)
    }
}
