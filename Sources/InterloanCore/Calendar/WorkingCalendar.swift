/// Counts working days: Monday to Friday, less holidays. Lender response times are kept in working days.
public struct WorkingCalendar: Sendable {
    public let holidays: Set<Day>

    public init(holidays: Set<Day>) {
        self.holidays = holidays
    }

    /// The consortium's standard holidays for the years around `day`, enough for any response time.
    public static func standard(around day: Day) -> WorkingCalendar {
        WorkingCalendar(holidays: StandardHolidays.days(from: day.year - 1, through: day.year + 1))
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        day.isoWeekday <= 5 && !self.holidays.contains(day)
    }

    /// The `count`th working day after `day` (the day itself does not count).
    public func workingDay(_ count: Int, after day: Day) -> Day {
        var current = day
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if self.isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }
}
