import Foundation

/// How long one leg took over many requests: count, mean, median and 90th percentile in calendar days and in
/// working days, and how many took under 48 hours, 48 to 72 hours, and longer.
public struct DurationSummary: Sendable, Equatable, Codable {
    public var count: Int
    public var meanDays: Double?
    public var medianDays: Double?
    public var p90Days: Double?
    public var meanWorkingDays: Double?
    public var medianWorkingDays: Int?
    public var p90WorkingDays: Int?
    public var under48Hours: Int
    public var from48To72Hours: Int
    public var over72Hours: Int

    /// One leg's span: from `start` to `end`, `end` not before `start`.
    public struct Span: Sendable, Equatable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }
    }

    /// Summarises `spans`; working days are counted by `calendar` (see `workingDays`).
    public init(_ spans: [Span], calendar: WorkingCalendar) {
        var tally = DurationTally()
        for span in spans {
            tally.add(
                seconds: span.end.timeIntervalSince(span.start),
                workingDays: Self.workingDays(from: span.start, to: span.end, calendar: calendar))
        }
        self.init(tally)
    }

    /// The figures of a tally of legs.
    public init(_ tally: DurationTally) {
        let count = tally.count
        self.count = count
        self.meanDays = count == 0 ? nil : Self.rounded(tally.totalSeconds / Double(count) / 86_400)
        self.medianDays = DurationTally.nearestRank(50, of: tally.hundredths).map { Double($0) / 100 }
        self.p90Days = DurationTally.nearestRank(90, of: tally.hundredths).map { Double($0) / 100 }
        self.meanWorkingDays = count == 0 ? nil : Self.rounded(Double(tally.totalWorkingDays) / Double(count))
        self.medianWorkingDays = DurationTally.nearestRank(50, of: tally.workingDays)
        self.p90WorkingDays = DurationTally.nearestRank(90, of: tally.workingDays)
        self.under48Hours = tally.under48Hours
        self.from48To72Hours = tally.from48To72Hours
        self.over72Hours = tally.over72Hours
    }

    /// The working days after the day `start` falls on, up to and including the day `end` falls on (days in UTC):
    /// a leg begun and ended on one day took none; shipped on a Friday and received on Monday, one.
    public static func workingDays(from start: Date, to end: Date, calendar: WorkingCalendar) -> Int {
        let first = Day(start)
        let last = Day(end)
        guard last > first else { return 0 }
        // Whole weeks hold five weekdays each; only the remainder and the holidays are looked at day by day.
        let span = first.days(until: last)
        var count = span / 7 * 5
        var day = first.adding(days: span / 7 * 7)
        while day < last {
            day = day.adding(days: 1)
            if day.isoWeekday <= 5 { count += 1 }
        }
        return count - calendar.holidays.count { $0 > first && $0 <= last && $0.isoWeekday <= 5 }
    }

    /// `part` ÷ `whole` to four decimals, the way every rate and ratio of the reports is given; nil for no whole.
    static func share(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }

    /// Two decimals: the figures are read in days, where a hundredth is about a quarter of an hour.
    static func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
