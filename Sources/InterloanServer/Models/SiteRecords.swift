import Foundation

/// A row of `site_pages`: a news item or an FAQ answer the team writes in Markdown.
struct SitePageRecord: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id, kind, title, body, position
        case bodyHTML = "body_html"
        case updatedOn = "updated_on"
    }
}

/// A row of `team_contacts`: one person of the consortium's team.
struct TeamContactRecord: Codable, Sendable {
    static let table = "team_contacts"

    var id: Int?
    var position: Int
    var name: String
    var role: String
    var `extension`: String?
    var email: String?
}

/// The one row of `team_channels`: the team's shared address (the best way to reach it) and phone line.
struct TeamChannelRecord: Codable, Sendable {
    static let table = "team_channels"

    var id: Int?
    var email: String
    var phone: String
    /// The option to choose in the phone line's menu, e.g. "3".
    var phoneOption: String?

    enum CodingKeys: String, CodingKey {
        case id, email, phone
        case phoneOption = "phone_option"
    }
}
