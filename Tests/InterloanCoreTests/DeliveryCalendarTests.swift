import Testing

@testable import InterloanCore

/// Expected arrival, by carrier, with delivery days, holidays, posted delays and interstate legs.
struct DeliveryCalendarTests {
    static func day(_ text: String) -> Day { Day(text)! }

    static let calendar = DeliveryCalendar(holidays: StandardHolidays.days(from: 2026, through: 2027))
    static let daily = CourierStop(route: "WEST 1", deliveryDays: [1, 2, 3, 4, 5])
    static let mondayThursday = CourierStop(route: "WEST 2", deliveryDays: CourierStop.weekdays("Mon,Thu"))
    static let wednesday = CourierStop(route: "METRO 3", deliveryDays: [3])

    /// One shipment and the day it should arrive.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let shipped: String
        let carrier: Carrier
        let from: CourierStop
        let to: CourierStop
        let arrival: String?
        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "daily stops: picked up Monday, delivered Tuesday", shipped: "2026-11-16", carrier: .courier,
            from: daily, to: daily, arrival: "2026-11-17"),
        Case(
            name: "to a Monday-Thursday stop", shipped: "2026-11-16", carrier: .courier, from: daily,
            to: mondayThursday, arrival: "2026-11-19"),
        Case(
            name: "from a Wednesday stop, shipped Thursday, waits a week for pickup", shipped: "2026-11-19",
            carrier: .courier, from: wednesday, to: daily, arrival: "2026-11-27"),
        Case(
            name: "Thanksgiving: no call on Thursday 26", shipped: "2026-11-25", carrier: .courier, from: daily,
            to: mondayThursday, arrival: "2026-11-30"),
        Case(
            name: "USPS: three working days", shipped: "2026-11-20", carrier: .usps, from: daily, to: daily,
            arrival: "2026-11-25"),
        Case(
            name: "other carrier: five working days", shipped: "2026-11-20", carrier: .other, from: daily, to: daily,
            arrival: "2026-11-30"),
        Case(
            name: "interstate by mail adds three working days", shipped: "2026-11-16", carrier: .usps, from: daily,
            to: CourierStop(route: nil, deliveryDays: [], isMember: false), arrival: "2026-11-24"),
        Case(
            name: "courier to a stop without delivery days never arrives", shipped: "2026-11-16", carrier: .courier,
            from: daily, to: CourierStop(route: "X", deliveryDays: []), arrival: nil),
    ]

    @Test(arguments: cases)
    func arrivalFollowsTheCalendar(example: Case) {
        let arrival = Self.calendar.expectedArrival(
            shipped: Self.day(example.shipped), by: example.carrier, from: example.from, to: example.to)
        #expect(arrival?.description == example.arrival)
    }

    @Test func aPostedDelayOnTheDestinationRouteHoldsDeliveriesUntilItEnds() {
        var calendar = Self.calendar
        calendar.delays = [
            RouteDelay(
                route: "WEST 2", from: Self.day("2026-11-17"), until: Self.day("2026-11-23"), message: "Driver shortage"
            )
        ]
        let arrival = calendar.expectedArrival(
            shipped: Self.day("2026-11-16"), by: .courier, from: Self.daily, to: Self.mondayThursday)
        // Thursday 19 and Monday 23 are inside the delay; the next call is Thursday 26, Thanksgiving; then Monday 30.
        #expect(arrival == Self.day("2026-11-30"))
        // Another route's delay changes nothing.
        calendar.delays[0].route = "EAST 9"
        #expect(
            calendar.expectedArrival(
                shipped: Self.day("2026-11-16"), by: .courier, from: Self.daily, to: Self.mondayThursday)
                == Self.day("2026-11-19"))
    }

    @Test func weekdayNamesAreReadFromTheDirectory() {
        #expect(CourierStop.weekdays("Mon,Tue,Wed,Thu,Fri") == [1, 2, 3, 4, 5])
        #expect(CourierStop.weekdays(" thu , Monday") == [1, 4])
        #expect(CourierStop.weekdays(nil).isEmpty)
    }
}
