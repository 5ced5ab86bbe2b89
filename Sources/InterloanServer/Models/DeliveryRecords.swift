import Foundation

/// A row of `courier_holidays`: a day without courier delivery.
struct HolidayRecord: Codable, Sendable {
    static let table = "courier_holidays"

    var day: String
    var name: String
}

/// A row of `route_delays`: the team's notice that a route runs late or not at all on some days.
struct RouteDelayRecord: Codable, Sendable {
    static let table = "route_delays"

    var id: Int?
    var route: String
    var fromDay: String
    var untilDay: String
    var message: String
    var postedAt: Date
    var postedBy: String

    enum CodingKeys: String, CodingKey {
        case id, route, message
        case fromDay = "from_day"
        case untilDay = "until_day"
        case postedAt = "posted_at"
        case postedBy = "posted_by"
    }
}

/// A row of `claims`.
struct ClaimRecord: Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case id, kind, description, carrier
        case requestID = "request_id"
        case lenderID = "lender_id"
        case reportedByLibrary = "reported_by_library"
        case reportedByName = "reported_by_name"
        case replacementCents = "replacement_cents"
        case shippedOn = "shipped_on"
        case windowOpens = "window_opens"
        case windowCloses = "window_closes"
        case createdAt = "created_at"
    }
}
