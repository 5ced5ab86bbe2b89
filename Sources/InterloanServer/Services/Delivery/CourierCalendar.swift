import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The courier's holidays and the posted route delays, kept in memory (every page with a shipment and every
/// follow-up pass reads them) and reloaded when older than `maximumAge` or after an edit in this process.
actor CourierCalendar {
    private var holidays: Set<Day> = []
    private var delays: [RouteDelay] = []
    private var loadedAt: Date = .distantPast
    private let maximumAge: TimeInterval = 30

    /// The calendar expected arrival is computed with.
    func delivery(on database: any Database) async throws -> DeliveryCalendar {
        try await self.reloadIfStale(on: database)
        return DeliveryCalendar(holidays: self.holidays, delays: self.delays)
    }

    /// Weekdays less holidays: the days a lender's response time counts.
    func working(on database: any Database) async throws -> WorkingCalendar {
        try await self.reloadIfStale(on: database)
        return WorkingCalendar(holidays: self.holidays)
    }

    func invalidate() {
        self.loadedAt = .distantPast
    }

    private func reloadIfStale(on database: any Database) async throws {
        guard Date().timeIntervalSince(self.loadedAt) > self.maximumAge else { return }
        let sql = database as! any SQLDatabase
        let holidays = try await sql.select().column("*").from(HolidayRecord.table).all(decoding: HolidayRecord.self)
        let delays = try await sql.select().column("*").from(RouteDelayRecord.table).orderBy("id")
            .all(decoding: RouteDelayRecord.self)
        self.holidays = Set(holidays.compactMap { Day($0.day) })
        self.delays = delays.compactMap { $0.delay }
        self.loadedAt = Date()
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
