import Foundation

/// A row of `courier_holidays`: a day without courier delivery.
struct HolidayRecord: StoredRow {
    static let table = "courier_holidays"

    var day: String
    var name: String

    static let columns: [Column<Self>] = [.text("day", \.day), .text("name", \.name)]

    static var unread: Self { Self(day: "", name: "") }
}

/// A row of `route_delays`: the team's notice that a route runs late or not at all on some days.
struct RouteDelayRecord: StoredRow {
    static let table = "route_delays"

    var id: Int?
    var route: String
    var fromDay: String
    var untilDay: String
    var message: String
    var postedAt: Date
    var postedBy: String

    static let columns: [Column<Self>] = [
        .int("id", \.id), .text("route", \.route), .text("from_day", \.fromDay), .text("until_day", \.untilDay),
        .text("message", \.message), .date("posted_at", \.postedAt), .text("posted_by", \.postedBy),
    ]

    static var unread: Self {
        Self(route: "", fromDay: "", untilDay: "", message: "", postedAt: .distantPast, postedBy: "")
    }
}

/// A row of `claims`.
struct ClaimRecord: StoredRow {
    static let table = "claims"

    var id: Int?
    var requestID: Int
    /// `lost`, `damaged` or `missingInTransit`.
    var kind: String
    /// The library whose item it is.
    var lenderID: Int
    var reportedByLibrary: String
    var reportedByName: String
    var description: String
    /// The replacement amount asked, in cents.
    var replacementCents: Int
    var carrier: String
    /// The shipment the claim is about.
    var shippedOn: String
    /// The courier's claim window, for courier shipments.
    var windowOpens: String?
    var windowCloses: String?
    var createdAt: Date

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .text("kind", \.kind), .int("lender_id", \.lenderID),
        .text("reported_by_library", \.reportedByLibrary), .text("reported_by_name", \.reportedByName),
        .text("description", \.description), .int("replacement_cents", \.replacementCents),
        .text("carrier", \.carrier), .text("shipped_on", \.shippedOn), .text("window_opens", \.windowOpens),
        .text("window_closes", \.windowCloses), .date("created_at", \.createdAt),
    ]

    static var unread: Self {
        Self(
            requestID: 0, kind: "", lenderID: 0, reportedByLibrary: "", reportedByName: "", description: "",
            replacementCents: 0, carrier: "", shippedOn: "", createdAt: .distantPast)
    }
}
