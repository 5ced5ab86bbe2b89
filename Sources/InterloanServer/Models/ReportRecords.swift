import Foundation

/// A row of `report_months`: a month whose figures are closed, and when.
struct ReportMonthRecord: StoredRow {
    static let table = "report_months"

    /// `YYYY-MM`.
    var month: String
    var closedAt: Date

    static let columns: [Column<Self>] = [.text("month", \.month), .date("closed_at", \.closedAt)]

    static var unread: Self { Self(month: "", closedAt: Date(timeIntervalSince1970: 0)) }
}

/// A row of `report_month_facts`: one request placed in a closed month, its report facts as they stood when the
/// month closed (JSON of `RequestFacts`). No foreign key: the figures outlive whatever happens to the request.
struct ReportMonthFactsRecord: StoredRow {
    static let table = "report_month_facts"

    var requestID: Int
    var month: String
    var facts: String

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .text("month", \.month), .text("facts", \.facts),
    ]

    static var unread: Self { Self(requestID: 0, month: "", facts: "") }
}
