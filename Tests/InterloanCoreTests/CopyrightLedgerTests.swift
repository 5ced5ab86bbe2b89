import Testing

@testable import InterloanCore

/// The "rule of five" at its edges: the calendar year, the article's age, print and electronic ISSNs, the title
/// when there is no ISSN, and what is not counted.
struct CopyrightLedgerTests {
    typealias Key = CopyrightLedger.TitleKey

    static let print = Key(issns: ["0028-0836"], journalTitle: "Nature")!
    static let electronic = Key(issns: ["1476-4687"], journalTitle: "Nature")!
    static let both = Key(issns: ["0028-0836", "1476-4687"], journalTitle: "Nature")!

    static func entries(_ count: Int, _ key: Key, year: Int = 2026, published: Int? = 2024) -> [CopyrightLedger.Entry] {
        Array(repeating: CopyrightLedger.Entry(title: key, year: year, publicationYear: published), count: count)
    }

    static func decide(
        _ key: Key, published: Int? = 2024, year: Int = 2026, compliance: CopyrightCompliance = .usCCG,
        _ entries: [CopyrightLedger.Entry]
    ) -> CopyrightLedger.Decision {
        CopyrightLedger.decide(
            title: key, publicationYear: published, year: year, compliance: compliance, entries: entries)
    }

    @Test func theSixthRecentCopyOfATitleInAYearNeedsReview() {
        #expect(Self.decide(Self.print, []) == .counted(number: 1))
        #expect(Self.decide(Self.print, Self.entries(4, Self.print)) == .counted(number: 5))
        #expect(Self.decide(Self.print, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
    }

    @Test func aNewCalendarYearStartsAFreshCount() {
        #expect(Self.decide(Self.print, year: 2027, Self.entries(5, Self.print, year: 2026)) == .counted(number: 1))
        #expect(Self.decide(Self.print, year: 2026, Self.entries(5, Self.print, year: 2025)) == .counted(number: 1))
    }

    @Test func onlyArticlesOfTheLastFiveYearsCount() {
        #expect(Self.decide(Self.print, published: 2021, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
        #expect(Self.decide(Self.print, published: 2020, Self.entries(5, Self.print)) == .notCounted)
        #expect(Self.decide(Self.print, published: 2027, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
        #expect(Self.decide(Self.print, published: nil, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
        let old = Self.entries(5, Self.print, published: 2019)
        #expect(Self.decide(Self.print, old) == .counted(number: 1), "old articles counted earlier do not weigh")
    }

    @Test func printAndElectronicISSNsMeetThroughARequestCarryingBoth() {
        #expect(Self.decide(Self.electronic, Self.entries(5, Self.print)) == .counted(number: 1))
        #expect(Self.decide(Self.both, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
        #expect(Self.decide(Self.electronic, Self.entries(5, Self.both)) == .needsReview(earlier: 5))
        let chained = Self.entries(3, Self.print) + Self.entries(1, Self.both)
        #expect(
            Self.decide(Self.electronic, chained) == .counted(number: 5),
            "an electronic ISSN meets the print entries through the one entry that carried both")
        #expect(Self.decide(Self.electronic, chained + Self.entries(1, Self.electronic)) == .needsReview(earlier: 5))
        let spelled = Key(issns: ["0028 0836"], journalTitle: nil)!
        #expect(Self.decide(spelled, Self.entries(5, Self.print)) == .needsReview(earlier: 5))
        #expect(Key(issns: ["1476-468x"], journalTitle: nil)?.issns == ["1476468X"])
    }

    @Test func withoutAnISSNTheTitleDecides() {
        let bare = Key(issns: [nil, "not an issn"], journalTitle: "The Journal of Salt Studies.")!
        let same = Key(issns: [], journalTitle: "journal of salt  studies")!
        #expect(bare.issns.isEmpty)
        #expect(Self.decide(same, Self.entries(5, bare)) == .needsReview(earlier: 5))
        let other = Key(issns: [], journalTitle: "Journal of Sand Studies")!
        #expect(Self.decide(other, Self.entries(5, bare)) == .counted(number: 1))
        let titled = Key(issns: ["0028-0836"], journalTitle: "Journal of Salt Studies")!
        #expect(Self.decide(titled, Self.entries(5, bare)) == .needsReview(earlier: 5), "one side has no ISSN")
        let otherISSN = Key(issns: ["1234-5679"], journalTitle: "Nature")!
        #expect(Self.decide(otherISSN, Self.entries(5, Self.print)) == .counted(number: 1), "ISSNs disagree")
        #expect(Key(issns: [], journalTitle: " .. ") == nil)
    }

    @Test func copiesUnderCopyrightLawOrAnotherBasisAreNotCounted() {
        #expect(Self.decide(Self.print, compliance: .usCCL, Self.entries(9, Self.print)) == .notCounted)
        #expect(Self.decide(Self.print, compliance: .other, Self.entries(9, Self.print)) == .notCounted)
    }

    @Test func entriesAreKeptToTheEndOfTheThirdFullYearAfter() {
        #expect(!CopyrightLedger.mayPurge(entryYear: 2026, currentYear: 2029))
        #expect(CopyrightLedger.mayPurge(entryYear: 2026, currentYear: 2030))
        #expect(CopyrightLedger.mayPurge(entryYear: 2026, currentYear: 2027, rules: CopyrightRules(retentionYears: 0)))
    }
}
