import Foundation

/// A library's place in the delivery network: its courier route and the weekdays the courier calls there.
public struct CourierStop: Sendable, Equatable {
    /// A route code such as `WEST 2`; nil for a library the courier does not serve (mail only).
    public var route: String?
    /// ISO weekdays, 1 = Monday ... 7 = Sunday.
    public var deliveryDays: Set<Int>
    /// Whether the library is in the consortium; a leg to or from a non-member is interstate.
    public var isMember: Bool

    public init(route: String?, deliveryDays: Set<Int>, isMember: Bool = true) {
        self.route = route
        self.deliveryDays = deliveryDays
        self.isMember = isMember
    }

    /// The short names of ISO weekdays 1 to 7.
    public static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Reads `Mon,Thu` (the directory's form) into weekdays; unknown names are ignored.
    public static func weekdays(_ text: String?) -> Set<Int> {
        Set((text ?? "").split(separator: ",").compactMap { self.weekday(named: String($0)) })
    }

    /// The ISO weekday a name such as `Thu` or `thursday` stands for.
    public static func weekday(named name: String) -> Int? {
        let prefix = name.trimmingCharacters(in: .whitespaces).prefix(3).lowercased()
        return self.weekdayNames.firstIndex { $0.lowercased() == prefix }.map { $0 + 1 }
    }

    /// Weekdays in the directory's form, in week order: `Mon,Thu`.
    public static func text(_ days: Set<Int>) -> String {
        days.sorted().filter { (1...7).contains($0) }.map { self.weekdayNames[$0 - 1] }.joined(separator: ",")
    }
}

/// A delay the team posted for a route: no pickups or deliveries on it from `from` through `until`.
public struct RouteDelay: Sendable, Equatable {
    public var route: String
    public var from: Day
    public var until: Day
    public var message: String

    public init(route: String, from: Day, until: Day, message: String) {
        self.route = route
        self.from = from
        self.until = until
        self.message = message
    }

    public func covers(_ day: Day, on route: String?) -> Bool {
        route == self.route && self.from <= day && day <= self.until
    }
}

/// Everything expected arrival depends on besides the shipment: holidays, posted delays, and the transit times
/// of the mail and of interstate legs.
public struct DeliveryCalendar: Sendable {
    public var holidays: Set<Day>
    public var delays: [RouteDelay]
    /// Working days a parcel takes by USPS, and by any other carrier.
    public var mailDays: Int
    public var otherCarrierDays: Int
    /// Working days an interstate leg adds (the hand-over between state couriers).
    public var interstateExtraDays: Int

    public init(
        holidays: Set<Day>, delays: [RouteDelay] = [], mailDays: Int = 3, otherCarrierDays: Int = 5,
        interstateExtraDays: Int = 3
    ) {
        self.holidays = holidays
        self.delays = delays
        self.mailDays = mailDays
        self.otherCarrierDays = otherCarrierDays
        self.interstateExtraDays = interstateExtraDays
    }

    /// Whether the courier calls at `stop` on `day`: one of its delivery days, not a holiday, no delay posted.
    public func courierCalls(at stop: CourierStop, on day: Day) -> Bool {
        stop.route != nil && stop.deliveryDays.contains(day.isoWeekday) && !self.holidays.contains(day)
            && !self.delays.contains { $0.covers(day, on: stop.route) }
    }

    /// The day an item shipped on `shipped` from `origin` should reach `destination`, or nil when the courier
    /// never calls at one of them within a year (a stop without delivery days).
    ///
    /// By courier: picked up on the origin's first courier day on or after the ship day, sorted overnight, and
    /// delivered on the destination's first courier day after the pickup. By USPS or another carrier: their
    /// transit in working days. A file arrives the day it is sent. An interstate leg (either library outside the consortium) adds its extra days.
    public func expectedArrival(
        shipped: Day, by carrier: Carrier, from origin: CourierStop, to destination: CourierStop
    )
        -> Day?
    {
        let working = WorkingCalendar(holidays: self.holidays)
        let interstate = !origin.isMember || !destination.isMember
        var arrival: Day
        switch carrier {
        case .courier where origin.route != nil && destination.route != nil:
            guard let pickup = self.nextCall(at: origin, onOrAfter: shipped),
                let delivery = self.nextCall(at: destination, onOrAfter: pickup.adding(days: 1))
            else { return nil }
            arrival = delivery
        case .electronic:
            return shipped
        case .usps:
            arrival = working.workingDay(self.mailDays, after: shipped)
        default:
            arrival = working.workingDay(self.otherCarrierDays, after: shipped)
        }
        if interstate { arrival = working.workingDay(self.interstateExtraDays, after: arrival) }
        return arrival
    }

    private func nextCall(at stop: CourierStop, onOrAfter day: Day) -> Day? {
        var candidate = day
        for _ in 0..<366 {
            if self.courierCalls(at: stop, on: candidate) { return candidate }
            candidate = candidate.adding(days: 1)
        }
        return nil
    }
}
