import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The courier as the team runs it: routes with their stops and delivery days, holidays, posted delays.
/// `GET /api/v1/courier` returns it; the team edits it through the API and the `/courier` page.
struct CourierSchedule: Content {
    struct Stop: Content, Equatable {
        var symbol: String
        var name: String
        var deliveryDays: [String]
    }

    struct Route: Content, Equatable {
        var code: String
        var stops: [Stop]
    }

    struct Holiday: Content, Equatable {
        var date: String
        var name: String
    }

    struct Delay: Content, Equatable {
        var id: Int
        var route: String
        var from: String
        var until: String
        var message: String
        var postedBy: String
        var postedAt: String
    }

    var routes: [Route]
    /// Member libraries the courier does not serve (mail only).
    var unserved: [String]
    var holidays: [Holiday]
    /// Delays that have not ended, soonest first.
    var delays: [Delay]

    /// The schedule as of `today`: holidays of `years`, delays not yet over.
    static func load(_ request: Request, today: Day, years: ClosedRange<Int>) async throws -> CourierSchedule {
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads).filter(\.isMember)
        var byRoute: [String: [Stop]] = [:]
        var unserved: [String] = []
        for library in libraries {
            guard let route = library.stop.route else {
                unserved.append(library.symbol)
                continue
            }
            let days = CourierStop.text(library.stop.deliveryDays).split(separator: ",").map(String.init)
            byRoute[route, default: []].append(Stop(symbol: library.symbol, name: library.name, deliveryDays: days))
        }
        let holidays = try await request.reads.select().column("*").from(HolidayRecord.table)
            .where("day", .greaterThanOrEqual, "\(years.lowerBound)-01-01")
            .where("day", .lessThanOrEqual, "\(years.upperBound)-12-31")
            .orderBy("day").all(reading: HolidayRecord.self)
        let delays = try await request.reads.select().column("*").from(RouteDelayRecord.table)
            .where("until_day", .greaterThanOrEqual, today.description)
            .orderBy("from_day").orderBy("id").all(reading: RouteDelayRecord.self)
        return CourierSchedule(
            routes: byRoute.keys.sorted().map { Route(code: $0, stops: byRoute[$0]!.sorted { $0.symbol < $1.symbol }) },
            unserved: unserved.sorted(),
            holidays: holidays.map { Holiday(date: $0.day, name: $0.name) },
            delays: delays.map(Delay.init))
    }
}

extension CourierSchedule.Delay {
    init(_ record: RouteDelayRecord) {
        self.init(
            id: record.id ?? 0, route: record.route, from: record.fromDay, until: record.untilDay,
            message: record.message,
            postedBy: record.postedBy, postedAt: Timestamp.string(record.postedAt))
    }
}
