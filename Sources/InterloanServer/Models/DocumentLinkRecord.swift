import Foundation

/// A row of `document_links`: who may open a delivered file, how often and until when.
struct DocumentLinkRecord: StoredRow {
    static let table = "document_links"

    /// Whom a link was made for; the borrowing side's first download completes the copy request.
    enum Recipient: String, Sendable, CaseIterable {
        /// The borrowing library's staff.
        case borrower
        /// The patron, through the portal.
        case patron
        /// A partner's system, through its ISO 18626 message.
        case partner
    }

    var id: Int?
    var documentID: Int
    var recipient: Recipient
    var maxViews: Int
    var views: Int
    var expiresAt: Date
    var firstViewedAt: Date?
    var createdAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("document_id", \.documentID), .text("recipient", \.recipient),
        .int("max_views", \.maxViews), .int("views", \.views), .date("expires_at", \.expiresAt),
        .date("first_viewed_at", \.firstViewedAt), .date("created_at", \.createdAt),
    ]

    static var unread: Self {
        Self(
            documentID: 0, recipient: .borrower, maxViews: 0, views: 0, expiresAt: .distantPast,
            createdAt: .distantPast)
    }
}
