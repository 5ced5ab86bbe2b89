import Foundation
import Testing

@testable import InterloanCore

/// Report tallies of requests taken apart (by month, by library, by batch) and added up equal the tallies of all
/// of them at once, the earliest spelling of a title included: what lets them be kept month by month.
struct ReportTalliesTests {
    static let context = TallyContext(
        route: { $0 == "AAA" ? "north" : nil }, calendar: WorkingCalendar(holidays: []),
        expectedArrival: { $0.shippedAt.map { Day($0).adding(days: 1) } }, responseDays: { _ in 2 })

    /// A lent loan, shipped by courier and received; `title` spelled as given.
    static func request(_ id: Int, borrower: String, lender: String, title: String, day: Int) -> RequestFacts {
        let placed = Date(timeIntervalSince1970: 1_790_000_000 + Double(day) * 86_400)
        var facts = RequestFacts(requestID: id, borrower: borrower, serviceType: .loan, placedAt: placed)
        facts.title = title
        facts.asked = [lender]
        facts.askedAt = [lender: placed]
        facts.answeredAt = [lender: placed.addingTimeInterval(3_600 * Double(id))]
        facts.firstAnswerAt = facts.answeredAt[lender]
        facts.agreedAt = facts.firstAnswerAt
        facts.supplier = lender
        facts.carrier = "courier"
        facts.shippedAt = placed.addingTimeInterval(86_400)
        facts.receivedAt = placed.addingTimeInterval(86_400 * Double(1 + id % 4))
        return facts
    }

    @Test func talliesTakenApartAddUpToTheWhole() {
        let requests = (1...40).map { id in
            Self.request(
                id, borrower: id % 3 == 0 ? "AAA" : "BBB", lender: id % 2 == 0 ? "CCC" : "AAA",
                title: id % 5 == 0 ? "The Salt Atlas" : " the salt atlas ", day: id * 3)
        }
        let whole = ReportTallies(of: requests, context: Self.context)
        var parts = ReportTallies(of: Array(requests[20...]), context: Self.context)
        parts.add(ReportTallies(of: Array(requests[..<20]), context: Self.context))
        #expect(parts == whole)

        let titles = TopTitlesReport.rows(whole, scope: ReportScope())
        #expect(titles == [TopTitlesReport.Row(kind: "title", title: "the salt atlas", requests: 40)])
        let volume = VolumeReport.rows(whole, scope: ReportScope(libraries: ["AAA"]))
        #expect(volume.filter { $0.side == .borrowing }.map(\.filled).reduce(0, +) == 13)
        #expect(volume.filter { $0.side == .lending }.map(\.filled).reduce(0, +) == 20)
        let courier = CourierReport.rows(whole, scope: ReportScope())
        #expect(courier.map(\.delivered).reduce(0, +) == 40)
        #expect(courier.map(\.onTime).reduce(0, +) == 20)
    }
}
