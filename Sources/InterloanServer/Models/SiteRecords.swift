import Foundation

/// A row of `site_pages`: a news item or an FAQ answer the team writes in Markdown.
struct SitePageRecord: StoredRow {
    static let table = "site_pages"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case news
        case faq
    }

    var id: Int?
    var kind: Kind
    var title: String
    var body: String
    var bodyHTML: String
    /// Where it stands among its kind, smallest first.
    var position: Int
    var updatedOn: String

    static let columns: [Column<Self>] = [
        .int("id", \.id), .text("kind", \.kind), .text("title", \.title), .text("body", \.body),
        .text("body_html", \.bodyHTML), .int("position", \.position), .text("updated_on", \.updatedOn),
    ]

    static var unread: Self { Self(kind: .news, title: "", body: "", bodyHTML: "", position: 0, updatedOn: "") }
}

/// A row of `team_contacts`: one person of the consortium's team.
struct TeamContactRecord: StoredRow {
    static let table = "team_contacts"

    var id: Int?
    var position: Int
    var name: String
    var role: String
    var `extension`: String?
    var email: String?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("position", \.position), .text("name", \.name), .text("role", \.role),
        .text("extension", \.extension), .text("email", \.email),
    ]

    static var unread: Self { Self(position: 0, name: "", role: "") }
}

/// The one row of `team_channels`: the team's shared address (the best way to reach it) and phone line.
struct TeamChannelRecord: StoredRow {
    static let table = "team_channels"

    var id: Int?
    var email: String
    var phone: String
    /// The option to choose in the phone line's menu, e.g. "3".
    var phoneOption: String?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .text("email", \.email), .text("phone", \.phone), .text("phone_option", \.phoneOption),
    ]

    static var unread: Self { Self(email: "", phone: "") }
}
