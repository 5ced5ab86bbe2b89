import Foundation

/// A patron's account at one library: how they are known there (barcode, optionally email), how they sign in to
/// the portal, and which notices they want.
struct PatronRecord: StoredRow {
    static let table = "patrons"

    /// How the account came to be, and so how its holder signs in.
    enum Source: String, Sendable, CaseIterable {
        /// Added by staff or the command line, with a password of Interloan's.
        case local
        /// Created or refreshed by the library's ILS answering a LookupUser with the PIN.
        case ncip
        /// Created from a trusted reverse proxy's header (single sign-on).
        case header
    }

    var id: Int?
    var libraryID: Int
    var barcode: String
    var name: String?
    /// Lowercased, unique within the library when present.
    var email: String?
    /// Bcrypt; nil for accounts that sign in through the ILS or a proxy.
    var passwordHash: String?
    var source: Source
    /// `all`, or `decisions`: only the answers the patron cannot do without (renewals, not available).
    var notices: String
    var createdAt: Date
    var updatedAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("library_id", \.libraryID), .text("barcode", \.barcode), .text("name", \.name),
        .text("email", \.email), .text("password_hash", \.passwordHash), .text("source", \.source),
        .text("notices", \.notices), .date("created_at", \.createdAt), .date("updated_at", \.updatedAt),
    ]

    static var unread: Self {
        Self(
            libraryID: 0, barcode: "", source: .local, notices: "all", createdAt: .distantPast,
            updatedAt: .distantPast)
    }
}
