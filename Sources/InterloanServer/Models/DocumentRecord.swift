import Foundation

/// A row of `documents`: one delivered file, whose bytes are in `document_chunks`.
struct DocumentRecord: StoredRow {
    static let table = "documents"

    /// Where the file stands: being received, complete, or its bytes removed after its time (the record stays).
    enum State: String, Sendable, CaseIterable {
        case uploading
        case ready
        case purged
    }

    var id: Int?
    var requestID: Int
    var mediaType: String
    var byteCount: Int
    var sha256: String?
    var state: State
    var createdAt: Date
    var purgedAt: Date?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .text("media_type", \.mediaType),
        .int("byte_count", \.byteCount), .text("sha256", \.sha256), .text("state", \.state),
        .date("created_at", \.createdAt), .date("purged_at", \.purgedAt),
    ]

    static var unread: Self {
        Self(requestID: 0, mediaType: "", byteCount: 0, state: .uploading, createdAt: .distantPast)
    }
}
