import Foundation

/// An external agency that exchanges ISO 18626 messages with the consortium; it is also a library in the
/// directory (`libraryID`), so requests name it as borrower or lender like any member.
struct PartnerRecord: StoredRow {
    static let table = "partners"

    var id: Int?
    var libraryID: Int
    var agencyIDType: String
    var agencyIDValue: String
    var endpointURL: String
    /// SHA-256 of the credential the partner sends us; the credential itself is shown once and never stored.
    var credentialHash: String
    /// The credential the partner issued to us, sent with every message to it. Kept as given: it is the
    /// partner's secret for us, which we must be able to present.
    var outgoingCredential: String?
    var createdAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("library_id", \.libraryID), .text("agency_id_type", \.agencyIDType),
        .text("agency_id_value", \.agencyIDValue), .text("endpoint_url", \.endpointURL),
        .text("credential_hash", \.credentialHash), .text("outgoing_credential", \.outgoingCredential),
        .date("created_at", \.createdAt),
    ]

    static var unread: Self {
        Self(
            libraryID: 0, agencyIDType: "", agencyIDValue: "", endpointURL: "", credentialHash: "",
            createdAt: .distantPast)
    }
}

/// One ISO 18626 message to a partner, written in the transaction of the change that causes it and delivered by
/// `PartnerOutbox`, in order per request.
struct PartnerMessageRecord: StoredRow {
    static let table = "partner_messages"

    /// Where a message is in its delivery.
    enum State: String, Codable, Sendable, CaseIterable {
        /// Not sent yet, or to be tried again at `nextAttemptAt` after a failure of the connection or the server.
        case pending
        /// The partner confirmed it (OK).
        case confirmed
        /// The partner answered ERROR: shown to staff, not retried.
        case rejected
    }

    var id: Int?
    var requestID: Int
    var partnerID: Int
    /// `request`, `supplyingAgencyMessage` or `requestingAgencyMessage`.
    var kind: String
    /// What the message says in a few words (`Request`, `Loaned`, `Renew`), for the request's history.
    var summary: String
    var body: String
    var state: State
    var attempts: Int
    var nextAttemptAt: Date
    /// Set while one sender works on the message, so other instances leave it alone.
    var claimedUntil: Date?
    var lastError: String?
    var createdAt: Date
    var confirmedAt: Date?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .int("partner_id", \.partnerID), .text("kind", \.kind),
        .text("summary", \.summary), .text("body", \.body), .text("state", \.state), .int("attempts", \.attempts),
        .date("next_attempt_at", \.nextAttemptAt), .date("claimed_until", \.claimedUntil),
        .text("last_error", \.lastError), .date("created_at", \.createdAt), .date("confirmed_at", \.confirmedAt),
    ]

    static var unread: Self {
        Self(
            requestID: 0, partnerID: 0, kind: "", summary: "", body: "", state: .pending, attempts: 0,
            nextAttemptAt: .distantPast, createdAt: .distantPast)
    }
}

/// A message received from a partner, by fingerprint, so a repeated message is confirmed again but applied once.
struct PartnerInboxRecord: StoredRow {
    static let table = "partner_inbox"

    var id: Int?
    var partnerID: Int
    var fingerprint: String
    var receivedAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("partner_id", \.partnerID), .text("fingerprint", \.fingerprint),
        .date("received_at", \.receivedAt),
    ]

    static var unread: Self { Self(partnerID: 0, fingerprint: "", receivedAt: .distantPast) }
}
