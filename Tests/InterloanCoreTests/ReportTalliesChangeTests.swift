import Foundation
import Testing

@testable import InterloanCore

/// One request's share replaced by its next through `ReportTallies.change` leaves tallies equal to the tallies of
/// the requests as they now stand; shares and tallies written as text read back unchanged, and text they did not
/// write is refused.
struct ReportTalliesChangeTests {
    @Test func replacingASharePutsTheTalliesWhereTallyingAfreshWould() {
        let context = ReportTalliesTests.context
        var requests = (1...12).map { id in
            ReportTalliesTests.request(
                id, borrower: id % 2 == 0 ? "AAA" : "BBB", lender: "CCC", title: "Tidal Records", day: id)
        }
        var kept = ReportTallies(of: requests, context: context)
        // Request 3 comes back late and request 8 turns out to have gone by mail from another lender.
        let before = (requests[2], requests[7])
        requests[2].returnedAt = requests[2].receivedAt!.addingTimeInterval(40 * 86_400)
        requests[2].dueDateAtReturn = Day(requests[2].receivedAt!).adding(days: 14)
        requests[7].carrier = "mail"
        requests[7].supplier = "DDD"
        requests[7].asked.append("DDD")
        kept.add(
            ReportTallies.change(
                from: ReportTallies(of: before.0, context: context),
                to: ReportTallies(of: requests[2], context: context)))
        kept.add(
            ReportTallies.change(
                from: ReportTallies(of: before.1, context: context),
                to: ReportTallies(of: requests[7], context: context)))
        #expect(kept.withoutEmptyEntries() == ReportTallies(of: requests, context: context))

        // A request's share taken away whole leaves nothing of it: no zero entries, no empty durations.
        let one = ReportTallies(of: requests[0], context: context)
        let gone = ReportTallies.change(from: one, to: ReportTallies())
        var none = one
        none.add(gone)
        #expect(none.withoutEmptyEntries().isEmpty)
        #expect(ReportTallies.change(from: one, to: one).isEmpty)
    }

    @Test func sharesAndDurationsReadBackAsWritten() throws {
        let context = ReportTalliesTests.context
        var request = ReportTalliesTests.request(
            5, borrower: "AAA", lender: "CCC", title: "Tabs\tand \"quotes\"\n", day: 3)
        request.declines = [RequestFacts.Decline(lender: "BBB", reason: "NotHeld", position: 1)]
        let share = ReportTallies(of: request, context: context)
        #expect(!share.durations.isEmpty && !share.titles.isEmpty && !share.counts.isEmpty)
        #expect(ReportTallies(encoded: share.encoded) == share)

        var tally = DurationTally()
        for seconds in [0, 0.25, 3_600, 200_000.123_456_789, 1e9] { tally.add(seconds: seconds, workingDays: 3) }
        #expect(DurationTally(encoded: tally.encoded) == tally)
        let negated = tally.negated()
        #expect(DurationTally(encoded: negated.encoded) == negated)
        #expect(DurationTally(encoded: DurationTally().encoded) == DurationTally())

        for text in [
            "", "1,2,3", "1,2,3,4,5,6", "1,2,3,4,5,6;;", "2,2,3,1,0,1;1:1;3:2", "1,x,3,4,5,6;;", "1,2,3,4,5,6;1:;",
            "1,2,3,4,5,6;:1;",
            "1,2,3,4,5,6;1:1;2", "1,inf,3,4,5,6;;", "1,2,3,4,5,6;1:1234567890123456789;", "1,2,3,4,5,6;1:1,,2:2;",
        ] {
            #expect(DurationTally(encoded: text) == nil, "\(text)")
        }
        #expect(ReportTallies(encoded: "") == ReportTallies())
        for text in [
            "{}", "x\t2026-01\tA\tloan\toutcome\t\t1", "c\t2026-01\tA\tloan\tnope\t\t1",
            "c\t2026-01\tA\tbook\toutcome\t\t1", "c\t2026-01\tA\tloan\toutcome\t\tone",
            "c\t2026-01\tA\tloan\toutcome\t\t1\t2", "t\t2026-01\tA\tloan\ttitle\tx\t1\t2",
            "d\t2026-01\tA\tloan\tleg\tx\t1,2",
        ] {
            #expect(ReportTallies(encoded: text) == nil, "\(text)")
        }
    }

    @Test func aPeriodIsSplitIntoWholeMonthsAndTheDaysLeftOver() {
        func split(_ from: String, _ to: String) -> (months: [String], leftOver: [String]) {
            let (months, leftOver) = ReportPeriod(from: Day(from)!, to: Day(to)!).wholeMonths
            return (months, leftOver.map { "\($0.from) \($0.to)" })
        }
        #expect(
            split("2026-01-15", "2026-04-10") == (
                ["2026-02", "2026-03"], ["2026-01-15 2026-01-31", "2026-04-01 2026-04-10"]
            ))
        #expect(split("2026-01-01", "2026-12-31").months.count == 12)
        #expect(split("2026-01-01", "2026-12-31").leftOver.isEmpty)
        #expect(split("2024-02-01", "2024-02-29") == (["2024-02"], []))
        #expect(split("2024-02-01", "2024-02-28") == ([], ["2024-02-01 2024-02-28"]))
        #expect(split("2026-03-05", "2026-03-05") == ([], ["2026-03-05 2026-03-05"]))
        #expect(split("9999-12-01", "9999-12-31") == (["9999-12"], []))
    }
}
