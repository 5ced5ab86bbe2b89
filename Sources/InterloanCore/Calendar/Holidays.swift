/// The consortium's standard holidays (DOMAIN.md): no courier delivery and no lender clock running.
///
/// Fixed-date holidays that fall on a weekend are observed on the Friday before or the Monday after, as the
/// courier and the state's libraries observe them.
public enum StandardHolidays {
    /// The holidays of `year`, each with its name, in date order.
    public static func of(year: Int) -> [(day: Day, name: String)] {
        let list: [(Day?, String)] = [
            (self.observed(Day(year: year, month: 1, day: 1)), "New Year's Day"),
            (self.nth(3, weekday: 1, month: 1, year: year), "Martin Luther King Jr. Day"),
            (self.nth(3, weekday: 1, month: 2, year: year), "Presidents' Day"),
            (self.nth(3, weekday: 1, month: 4, year: year), "Patriots' Day"),
            (self.last(weekday: 1, month: 5, year: year), "Memorial Day"),
            (self.observed(Day(year: year, month: 7, day: 4)), "Independence Day"),
            (self.nth(1, weekday: 1, month: 9, year: year), "Labor Day"),
            (self.nth(2, weekday: 1, month: 10, year: year), "Columbus Day"),
            (self.observed(Day(year: year, month: 11, day: 11)), "Veterans Day"),
            (self.nth(4, weekday: 4, month: 11, year: year), "Thanksgiving Day"),
            (self.observed(Day(year: year, month: 12, day: 25)), "Christmas Day"),
        ]
        return list.compactMap { day, name in day.map { ($0, name) } }
    }

    /// The holidays of every year from `first` through `last`, as a set for lookups.
    public static func days(from first: Int, through last: Int) -> Set<Day> {
        Set((first...last).flatMap { self.of(year: $0).map(\.day) })
    }

    private static func observed(_ day: Day?) -> Day? {
        guard let day else { return nil }
        switch day.isoWeekday {
        case 6: return day.adding(days: -1)
        case 7: return day.adding(days: 1)
        default: return day
        }
    }

    /// The `n`th `weekday` (1 = Monday) of a month.
    private static func nth(_ n: Int, weekday: Int, month: Int, year: Int) -> Day? {
        guard let first = Day(year: year, month: month, day: 1) else { return nil }
        let offset = (weekday - first.isoWeekday + 7) % 7
        return first.adding(days: offset + 7 * (n - 1))
    }

    private static func last(weekday: Int, month: Int, year: Int) -> Day? {
        guard let first = Day(year: year, month: month, day: 1) else { return nil }
        let nextMonth = first.adding(days: Day.daysIn(month: month, year: year))
        let lastDay = nextMonth.adding(days: -1)
        return lastDay.adding(days: -((lastDay.isoWeekday - weekday + 7) % 7))
    }
}
