import Foundation
import Testing

@testable import InterloanCore

struct DayTests {
    @Test func parsesOnlyRealDatesInTheWireFormat() {
        #expect(Day("2026-02-28")?.description == "2026-02-28")
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2026-2-28") == nil)
        #expect(Day("28/02/2026") == nil)
        #expect(Day("2026-13-01") == nil)
    }

    @Test func countsDaysAcrossMonthsAndYears() {
        let day = Day("2026-12-30")!
        #expect(day.adding(days: 3).description == "2027-01-02")
        #expect(day.days(until: Day("2027-03-01")!) == 61)
        #expect(Day("2026-11-30")!.isoWeekday == 1)
        #expect(Day(Date(timeIntervalSince1970: 0)).description == "1970-01-01")
    }
}

struct RequestNumberTests {
    @Test func roundTripsAndLooksLikeTheSlips() {
        for number in [1, 2, 3, 1000, 999_999, RequestNumber.capacity - 1] {
            let id = RequestNumber.encode(number)
            #expect(id.count == 9)
            #expect(id.hasPrefix("IL-"))
            #expect(RequestNumber.decode(id) == number)
            #expect(RequestNumber.decode(id.lowercased()) == number)
            #expect(RequestNumber.decode(String(id.dropFirst(3))) == number)
        }
    }

    @Test func neighboursGetUnrelatedIds() {
        let ids = Set((1...10_000).map(RequestNumber.encode))
        #expect(ids.count == 10_000)
        #expect(RequestNumber.encode(1).dropFirst(3).prefix(3) != RequestNumber.encode(2).dropFirst(3).prefix(3))
    }

    @Test func rejectsWhatIsNoId() {
        #expect(RequestNumber.decode("IL-12") == nil)
        #expect(RequestNumber.decode("IL-UUUUUU") == nil)
        #expect(RequestNumber.decode("hello!") == nil)
    }
}

struct ArgumentValidationTests {
    @Test func reportsEveryOffendingFieldAtOnce() {
        #expect(
            throws: LifecycleError.invalidFields([
                FieldError(field: "colour", message: "is not a field of this action"),
                FieldError(field: "carrier", message: "must be one of courier, usps, other, electronic"),
                FieldError(field: "dueDate", message: "must be a date written YYYY-MM-DD"),
            ])
        ) {
            try ActionField.validate(
                ["carrier": .string("pigeon"), "dueDate": .string("soon"), "colour": .string("red")],
                against: Action.ship.fields)
        }
    }

    @Test func acceptsWellFormedValues() throws {
        let arguments = try ActionField.validate(
            ["lenders": .list([.string("abc"), .string("DEF")]), "append": .bool(true)], against: Action.route.fields)
        #expect(arguments == Arguments(["lenders": .symbols(["ABC", "DEF"]), "append": .boolean(true)]))
    }

    @Test func requiredFieldsMayNotBeBlank() {
        #expect(throws: LifecycleError.invalidFields([FieldError(field: "reason", message: "is required")])) {
            try ActionField.validate(["reason": .string("  ")], against: Action.unfilled.fields)
        }
    }
}
