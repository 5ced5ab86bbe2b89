import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The courier's holidays and the posted route delays, kept in memory (a `DatabaseCopy`: every response with a
/// shipment and every follow-up pass reads them).
final class CourierCalendar: Sendable {
    private struct Snapshot {
        var holidays: Set<Day> = []
        var delays: [RouteDelay] = []
    }

    private let copy = DatabaseCopy(maximumAge: 30, now: { Date() }, load: CourierCalendar.load)

    /// The calendar expected arrival is computed with.
    func delivery(on database: @autoclosure () -> any Database) async throws -> DeliveryCalendar {
        let snapshot = try await self.copy.current(on: database())
        return DeliveryCalendar(holidays: snapshot.holidays, delays: snapshot.delays)
    }

    /// Weekdays less holidays: the days a lender's response time counts.
    func working(on database: @autoclosure () -> any Database) async throws -> WorkingCalendar {
        WorkingCalendar(holidays: try await self.copy.current(on: database()).holidays)
    }

    /// Forgets the copy after an edit in this process.
    func invalidate() async {
        self.copy.invalidate()
    }

    private static func load(on database: any Database) async throws -> Snapshot {
        let sql = database.asSQL
        let holidays = try await sql.select().column("*").from(HolidayRecord.table).all(reading: HolidayRecord.self)
        let delays = try await sql.select().column("*").from(RouteDelayRecord.table).orderBy("id")
            .all(reading: RouteDelayRecord.self)
        return Snapshot(holidays: Set(holidays.compactMap { Day($0.day) }), delays: delays.compactMap { $0.delay })
    }
}

extension RouteDelayRecord {
    var delay: RouteDelay? {
        guard let from = Day(self.fromDay), let until = Day(self.untilDay) else { return nil }
        return RouteDelay(route: self.route, from: from, until: until, message: self.message)
    }
}

extension Application {
    private struct CourierCalendarKey: StorageKey {
        typealias Value = CourierCalendar
    }

    /// Set up by `configure`.
    var courierCalendar: CourierCalendar {
        get { self.configured(CourierCalendarKey.self) }
        set { self.storage[CourierCalendarKey.self] = newValue }
    }
}
