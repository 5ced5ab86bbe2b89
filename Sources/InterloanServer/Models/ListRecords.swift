import Foundation

/// A row of `announcement_lists`: the consortium's list, or a regional one.
struct AnnouncementListRecord: StoredRow {
    static let table = "announcement_lists"

    var id: Int?
    var slug: String
    var name: String
    var description: String
    /// The regions it speaks to, comma-separated codes; empty for every region.
    var regionCodes: String

    static let columns: [Column<Self>] = [
        .int("id", \.id), .text("slug", \.slug), .text("name", \.name), .text("description", \.description),
        .text("region_codes", \.regionCodes),
    ]

    static var unread: Self { Self(slug: "", name: "", description: "", regionCodes: "") }
}

/// A row of `list_subscriptions`: one address on one list.
struct SubscriptionRecord: StoredRow {
    static let table = "list_subscriptions"

    enum State: String, Codable, Sendable, CaseIterable {
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

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("list_id", \.listID), .text("email", \.email), .text("state", \.state),
        .text("confirm_token_hash", \.confirmTokenHash), .int("confirmations_sent", \.confirmationsSent),
        .date("confirm_sent_at", \.confirmSentAt), .date("requested_at", \.requestedAt),
        .date("confirmed_at", \.confirmedAt), .date("unsubscribed_at", \.unsubscribedAt),
    ]

    static var unread: Self {
        Self(listID: 0, email: "", state: .pending, confirmationsSent: 0, requestedAt: .distantPast)
    }
}

/// A row of `announcements`: one post, kept as the list's archive.
struct AnnouncementRecord: StoredRow {
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

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("list_id", \.listID), .text("title", \.title), .text("body", \.body),
        .text("body_html", \.bodyHTML), .text("search_text", \.searchText), .text("route", \.route),
        .text("libraries", \.libraries), .date("posted_at", \.postedAt), .text("posted_by", \.postedBy),
    ]

    static var unread: Self {
        Self(
            listID: 0, title: "", body: "", bodyHTML: "", searchText: "", libraries: "", postedAt: .distantPast,
            postedBy: "")
    }
}

/// A row of `site_secrets`: keys made at installation, never shown.
struct SiteSecretRecord: StoredRow {
    static let table = "site_secrets"
    static let unsubscribeKey = "unsubscribe-links"
    static let cookieKey = "browser-cookies"

    var name: String
    var value: String

    static let columns: [Column<Self>] = [.text("name", \.name), .text("value", \.value)]

    static var unread: Self { Self(name: "", value: "") }
}
