import Testing

@testable import InterloanCore

struct AvailabilityTests {
    static func day(_ text: String) -> Day { Day(text)! }

    @Test func theNewestDeclarationCoveringADayDecidesIt() {
        let history = [
            AvailabilityDeclaration(status: .copiesOnly, reason: "short staffed", from: nil, until: nil),
            AvailabilityDeclaration(
                status: .closed, reason: "move", from: Self.day("2026-12-20"), until: Self.day("2027-01-03")),
        ]
        #expect(AvailabilityDeclaration.effective(on: Self.day("2026-12-19"), in: history).status == .copiesOnly)
        #expect(AvailabilityDeclaration.effective(on: Self.day("2026-12-20"), in: history).status == .closed)
        #expect(AvailabilityDeclaration.effective(on: Self.day("2027-01-03"), in: history).status == .closed)
        #expect(AvailabilityDeclaration.effective(on: Self.day("2027-01-04"), in: history).status == .copiesOnly)
        let reopened = history + [AvailabilityDeclaration(status: .all, reason: nil, from: nil, until: nil)]
        #expect(AvailabilityDeclaration.effective(on: Self.day("2026-12-25"), in: reopened).status == .all)
        #expect(AvailabilityDeclaration.effective(on: Self.day("2026-12-25"), in: []).status == .all)
    }

    @Test func untilBeforeFromAndAPauseWithoutAReasonAreRefused() {
        let backwards = AvailabilityDeclaration(
            status: .paused, reason: "inventory", from: Self.day("2026-12-10"), until: Self.day("2026-12-09"))
        #expect(backwards.problems.map(\.field) == ["until"])
        let silent = AvailabilityDeclaration(status: .paused, reason: "", from: nil, until: nil)
        #expect(silent.problems.map(\.field) == ["reason"])
        #expect(AvailabilityDeclaration(status: .all, reason: nil, from: nil, until: nil).problems.isEmpty)
    }

    @Test(arguments: [
        (LendingStatus.all, true, true), (.copiesOnly, false, true), (.paused, false, false),
        (.returnsOnly, false, false), (.closed, false, false),
    ])
    func statusesAcceptTheServiceTypesTheirNamesPromise(status: LendingStatus, loans: Bool, copies: Bool) {
        #expect(status.accepts(.loan) == loans)
        #expect(status.accepts(.copy) == copies)
    }
}

struct WorkingCalendarTests {
    @Test func the2026HolidaysFallOnTheirKnownDates() {
        let days = StandardHolidays.of(year: 2026).map(\.day.description)
        #expect(
            days == [
                "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-20", "2026-05-25", "2026-07-03", "2026-09-07",
                "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
            ])
    }

    @Test func fixedHolidaysOnASundayAreObservedOnMonday() {
        // 2027-07-04 is a Sunday; 2027-12-25 a Saturday.
        let days = Set(StandardHolidays.of(year: 2027).map(\.day.description))
        #expect(days.contains("2027-07-05"))
        #expect(days.contains("2027-12-24"))
    }

    @Test func workingDaysSkipWeekendsAndHolidays() {
        let calendar = WorkingCalendar.standard(around: Day("2026-11-25")!)
        // Wednesday before Thanksgiving: Fri 27, Mon 30, Tue 1, Wed 2.
        #expect(calendar.workingDay(4, after: Day("2026-11-25")!) == Day("2026-12-02"))
        // A plain week: Monday plus 4 is Friday.
        #expect(calendar.workingDay(4, after: Day("2026-11-16")!) == Day("2026-11-20"))
        // Friday plus 1 is Monday.
        #expect(calendar.workingDay(1, after: Day("2026-11-20")!) == Day("2026-11-23"))
        #expect(!calendar.isWorkingDay(Day("2026-11-26")!))
    }
}
