import Foundation

/// How long many legs took, kept so that tallies of different requests, months or libraries add up to the tally of
/// them all: the count, the sums the means are made from, how many took each hundredth of a day (the precision the
/// figures are given to) and each number of working days, and the counts under 48 hours, 48 to 72 and over.
///
/// A percentile read from the hundredths is the percentile of the exact durations, given to two decimals: rounding
/// keeps the order of the durations, so the value at a rank rounds to the rounded value at that rank.
public struct DurationTally: Sendable, Equatable {
    public var count = 0
    public var totalSeconds: Double = 0
    public var totalWorkingDays = 0
    /// Durations by hundredths of a day, rounded to the nearest.
    public var hundredths: [Int: Int] = [:]
    public var workingDays: [Int: Int] = [:]
    public var under48Hours = 0
    public var from48To72Hours = 0
    public var over72Hours = 0

    public init() {}

    /// Adds one leg of `seconds` (negative counts as none) that took `workingDays`.
    public mutating func add(seconds: Double, workingDays: Int) {
        let seconds = max(0, seconds)
        self.count += 1
        self.totalSeconds += seconds
        self.totalWorkingDays += workingDays
        self.hundredths[Self.hundredths(of: seconds), default: 0] += 1
        self.workingDays[workingDays, default: 0] += 1
        if seconds < 48 * 3_600 {
            self.under48Hours += 1
        } else if seconds <= 72 * 3_600 {
            self.from48To72Hours += 1
        } else {
            self.over72Hours += 1
        }
    }

    /// Adds every leg of `other`.
    public mutating func add(_ other: DurationTally) {
        self.count += other.count
        self.totalSeconds += other.totalSeconds
        self.totalWorkingDays += other.totalWorkingDays
        self.hundredths.merge(other.hundredths, uniquingKeysWith: +)
        self.workingDays.merge(other.workingDays, uniquingKeysWith: +)
        self.under48Hours += other.under48Hours
        self.from48To72Hours += other.from48To72Hours
        self.over72Hours += other.over72Hours
    }

    /// `seconds` in hundredths of a day, rounded as the figures are.
    static func hundredths(of seconds: Double) -> Int {
        Int((seconds / 86_400 * 100).rounded())
    }

    /// The nearest-rank percentile of counted values: the smallest value with at least `percent` per cent of them at
    /// or below it (the value at rank ⌈percent × n / 100⌉ in ascending order); nil when nothing was counted.
    static func nearestRank(_ percent: Int, of counts: [Int: Int]) -> Int? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, (percent * total + 99) / 100)
        var seen = 0
        for value in counts.keys.sorted() {
            seen += counts[value]!
            if seen >= rank { return value }
        }
        return nil
    }
}
