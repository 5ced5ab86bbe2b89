import Foundation

/// An external agency that exchanges ISO 18626 messages with the consortium; it is also a library in the
/// directory (`libraryID`), so requests name it as borrower or lender like any member.
struct PartnerRecord: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id
        case libraryID = "library_id"
        case agencyIDType = "agency_id_type"
        case agencyIDValue = "agency_id_value"
        case endpointURL = "endpoint_url"
        case credentialHash = "credential_hash"
        case outgoingCredential = "outgoing_credential"
        case createdAt = "created_at"
    }
}

/// One ISO 18626 message to a partner, written in the transaction of the change that causes it and delivered by
/// `PartnerOutbox`, in order per request.
struct PartnerMessageRecord: Codable, Sendable {
    static let table = "partner_messages"

    /// Where a message is in its delivery.
    enum State: String, Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id, kind, summary, body, state, attempts
        case requestID = "request_id"
        case partnerID = "partner_id"
        case nextAttemptAt = "next_attempt_at"
        case claimedUntil = "claimed_until"
        case lastError = "last_error"
        case createdAt = "created_at"
        case confirmedAt = "confirmed_at"
    }
}

/// A message received from a partner, by fingerprint, so a repeated message is confirmed again but applied once.
struct PartnerInboxRecord: Codable, Sendable {
    static let table = "partner_inbox"

    var id: Int?
    var partnerID: Int
    var fingerprint: String
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, fingerprint
        case partnerID = "partner_id"
        case receivedAt = "received_at"
    }
}
