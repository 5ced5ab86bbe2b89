import Foundation
import Testing

@testable import InterloanCore

/// Tallies of legs add up: the figures of two tallies added together are the figures of all their legs at once,
/// percentiles included, which is what lets months and libraries be tallied apart and reported together.
struct DurationTallyTests {
    /// Legs from 0 to about 9 days, with fractions of seconds and one leg that ends before it starts.
    static func spans(seed: UInt64, count: Int) -> [DurationSummary.Span] {
        var random = seed
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        return (0..<count).map { index in
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = index == 0 ? -30 : Double(random >> 44) / 1.37
            let begin = start.addingTimeInterval(Double(index) * 3_917.25)
            return DurationSummary.Span(start: begin, end: begin.addingTimeInterval(seconds))
        }
    }

    @Test func addedTalliesGiveTheFiguresOfAllTheirLegs() {
        let calendar = WorkingCalendar(holidays: [Day("2026-09-07")!])
        let first = Self.spans(seed: 7, count: 301)
        let second = Self.spans(seed: 11, count: 152)
        var tally = DurationTally()
        for span in first {
            tally.add(
                seconds: span.end.timeIntervalSince(span.start),
                workingDays: DurationSummary.workingDays(from: span.start, to: span.end, calendar: calendar))
        }
        var other = DurationTally()
        for span in second {
            other.add(
                seconds: span.end.timeIntervalSince(span.start),
                workingDays: DurationSummary.workingDays(from: span.start, to: span.end, calendar: calendar))
        }
        tally.add(other)
        let summary = DurationSummary(tally)
        #expect(summary == DurationSummary(first + second, calendar: calendar))

        // The same figures computed plainly from the sorted durations.
        let seconds = (first + second).map { max(0, $0.end.timeIntervalSince($0.start)) }.sorted()
        let median = seconds[(50 * seconds.count + 99) / 100 - 1]
        let p90 = seconds[(90 * seconds.count + 99) / 100 - 1]
        #expect(summary.count == 453)
        #expect(summary.medianDays == (median / 86_400 * 100).rounded() / 100)
        #expect(summary.p90Days == (p90 / 86_400 * 100).rounded() / 100)
        #expect(summary.under48Hours == seconds.count { $0 < 172_800 })
        #expect(summary.over72Hours == seconds.count { $0 > 259_200 })
        #expect(summary.under48Hours + summary.from48To72Hours + summary.over72Hours == 453)
    }

    @Test func anEmptyTallyHasNoFigures() {
        let summary = DurationSummary(DurationTally())
        #expect(summary.count == 0)
        #expect(summary.meanDays == nil && summary.medianDays == nil && summary.p90Days == nil)
        #expect(summary.medianWorkingDays == nil && summary.meanWorkingDays == nil)
    }
}
