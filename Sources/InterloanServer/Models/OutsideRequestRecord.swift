import Foundation

/// A row of `outside_requests`.
struct OutsideRequestRecord: StoredRow {
    static let table = "outside_requests"

    var id: Int?
    var requestID: Int
    var libraryID: Int
    var contactEmail: String
    var confirmDigest: String
    var followDigest: String
    var createdAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .int("library_id", \.libraryID),
        .text("contact_email", \.contactEmail), .text("confirm_digest", \.confirmDigest),
        .text("follow_digest", \.followDigest), .date("created_at", \.createdAt),
    ]

    static var unread: Self {
        Self(requestID: 0, libraryID: 0, contactEmail: "", confirmDigest: "", followDigest: "", createdAt: .distantPast)
    }
}
