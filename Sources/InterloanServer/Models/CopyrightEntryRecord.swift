import Foundation

/// A row of `copyright_ledger`: one copy request of a borrowing library, as the copyright guidelines see it.
struct CopyrightEntryRecord: StoredRow {
    static let table = "copyright_ledger"

    /// What became of the copy under the guidelines.
    enum Decision: String, Sendable, CaseIterable {
        /// Not counted: an older article, or asked under other terms.
        case notCounted
        /// Counted within the limit.
        case counted
        /// Past the limit, waiting for staff to decide.
        case review
        /// Past the limit; the fee was paid and it went on under copyright law.
        case feePaid
        /// Past the limit; obtained elsewhere, or cancelled, so never copied through Interloan.
        case withdrawn
    }

    var id: Int?
    var libraryID: Int
    var requestID: Int
    var year: Int
    /// The title's normalised ISSNs, comma-separated and sorted; empty when it has none.
    var issns: String
    /// The folded title, when the title has one.
    var titleKey: String?
    /// The title as the request gave it, for the report.
    var title: String
    var publicationYear: Int?
    var compliance: String
    var decision: Decision
    var feeCents: Int?
    var note: String?
    var createdAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("library_id", \.libraryID), .int("request_id", \.requestID), .int("year", \.year),
        .text("issns", \.issns), .text("title_key", \.titleKey), .text("title", \.title),
        .int("publication_year", \.publicationYear), .text("compliance", \.compliance),
        .text("decision", \.decision), .int("fee_cents", \.feeCents), .text("note", \.note),
        .date("created_at", \.createdAt),
    ]

    static var unread: Self {
        Self(
            libraryID: 0, requestID: 0, year: 0, issns: "", title: "", compliance: "",
            decision: .notCounted, createdAt: .distantPast)
    }
}
