import Foundation

/// A row of `mail_outbox`: one rendered notice and where it is in its delivery.
struct MailRecord: Codable, Sendable {
    static let table = "mail_outbox"

    enum State: String, Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id, kind, recipient, subject, state, attempts
        case requestID = "request_id"
        case libraryID = "library_id"
        case dedupeKey = "dedupe_key"
        case textBody = "text_body"
        case htmlBody = "html_body"
        case nextAttemptAt = "next_attempt_at"
        case claimedUntil = "claimed_until"
        case lastError = "last_error"
        case createdAt = "created_at"
        case sentAt = "sent_at"
        case headers
    }
}
