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
