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

/// A row of `report_tallies`: one entry of the report tallies kept for every request placed (`ReportTallies`),
/// under its whole key (`key`, the parts joined) and its parts apart for reading. A count, a duration tally
/// (`DurationTally.encoded`) or a title (its request count, earliest request and spelling).
struct ReportTallyRecord: StoredRow {
    static let table = "report_tallies"

    var key: String
    /// `YYYY-MM`, the month its requests were placed.
    var month: String
    var library: String
    var serviceType: String
    var figure: String
    var dimension: String
    var count: Int
    var tally: String?
    var firstRequestID: Int?
    var spelling: String?

    static let columns: [Column<Self>] = [
        .text("key", \.key), .text("month", \.month), .text("library", \.library),
        .text("service_type", \.serviceType), .text("figure", \.figure), .text("dimension", \.dimension),
        .int("count", \.count), .text("tally", \.tally), .int("first_request_id", \.firstRequestID),
        .text("spelling", \.spelling),
    ]

    static var unread: Self {
        Self(key: "", month: "", library: "", serviceType: "", figure: "", dimension: "", count: 0)
    }
}

/// A row of `report_shares`: what one request of an open month adds to `report_tallies` now
/// (`ReportTallies.encoded`), so that its next share can replace it exactly. Dropped when its month closes.
struct ReportShareRecord: StoredRow {
    static let table = "report_shares"

    var requestID: Int
    /// `YYYY-MM`, the month the request was placed.
    var month: String
    var share: String

    static let columns: [Column<Self>] = [
        .int("request_id", \.requestID), .text("month", \.month), .text("share", \.share),
    ]

    static var unread: Self { Self(requestID: 0, month: "", share: "") }
}

/// The row of `report_ledger`: the last event whose request's share is in `report_tallies`.
struct ReportLedgerRecord: StoredRow {
    static let table = "report_ledger"

    var id: Int
    var lastEventID: Int

    static let columns: [Column<Self>] = [.int("id", \.id), .int("last_event_id", \.lastEventID)]

    static var unread: Self { Self(id: 0, lastEventID: 0) }
}
