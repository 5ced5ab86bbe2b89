import Foundation

/// A row of `announcement_lists`: the consortium's list, or a regional one.
struct AnnouncementListRecord: Codable, Sendable {
    static let table = "announcement_lists"

    var id: Int?
    var slug: String
    var name: String
    var description: String
    /// The regions it speaks to, comma-separated codes; empty for every region.
    var regionCodes: String

    enum CodingKeys: String, CodingKey {
        case id, slug, name, description
        case regionCodes = "region_codes"
    }
}

/// A row of `list_subscriptions`: one address on one list.
struct SubscriptionRecord: Codable, Sendable {
    static let table = "list_subscriptions"

    enum State: String, Codable, Sendable {
        /// Asked for, not yet confirmed: receives nothing but its confirmation.
        case pending
        case confirmed
        case unsubscribed
    }

    var id: Int?
    var listID: Int
    var email: String
    var state: State
    /// The digest of the current confirmation link's token; nil once used.
    var confirmTokenHash: String?
    /// Confirmation mails sent for this address, to refuse a flood.
    var confirmationsSent: Int
    var confirmSentAt: Date?
    var requestedAt: Date
    var confirmedAt: Date?
    var unsubscribedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, email, state
        case listID = "list_id"
        case confirmTokenHash = "confirm_token_hash"
        case confirmationsSent = "confirmations_sent"
        case confirmSentAt = "confirm_sent_at"
        case requestedAt = "requested_at"
        case confirmedAt = "confirmed_at"
        case unsubscribedAt = "unsubscribed_at"
    }
}

/// A row of `announcements`: one post, kept as the list's archive.
struct AnnouncementRecord: Codable, Sendable {
    static let table = "announcements"

    var id: Int?
    var listID: Int
    var title: String
    /// Markdown as the team wrote it, and the safe HTML made from it.
    var body: String
    var bodyHTML: String
    /// Lower-cased title and text, for the archive's search.
    var searchText: String
    /// A courier route the post is about (a route delay), and libraries it names, comma-separated.
    var route: String?
    var libraries: String
    var postedAt: Date
    var postedBy: String

    enum CodingKeys: String, CodingKey {
        case id, title, body, route, libraries
        case listID = "list_id"
        case bodyHTML = "body_html"
        case searchText = "search_text"
        case postedAt = "posted_at"
        case postedBy = "posted_by"
    }
}

/// A row of `site_secrets`: keys made at installation, never shown.
struct SiteSecretRecord: Codable, Sendable {
    static let table = "site_secrets"
    static let unsubscribeKey = "unsubscribe-links"
    static let cookieKey = "browser-cookies"

    var name: String
    var value: String
}
