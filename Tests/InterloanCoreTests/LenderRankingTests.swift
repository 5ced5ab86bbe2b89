import Testing

@testable import InterloanCore

/// Each ranking factor, alone, moves a candidate the way DOMAIN.md asks; eligibility rules hold whatever the score.
struct LenderRankingTests {
    static let need = LenderRanking.Need(borrower: "BOR", serviceType: .loan)

    static func facts(
        _ symbol: String, copies: Int = 1, availability: LendingStatus = .all, distance: DeliveryDistance = .sameRegion,
        record: LendingRecord = LendingRecord(lent: 10, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 1)
    ) -> LenderFacts {
        LenderFacts(symbol: symbol, copies: copies, availability: availability, distance: distance, record: record)
    }

    /// A factor, and a better and a worse candidate that differ only in it.
    struct Factor: CustomTestStringConvertible, Sendable {
        let name: String
        let better: LenderFacts
        let worse: LenderFacts
        var testDescription: String { self.name }
    }

    static let factors: [Factor] = [
        Factor(
            name: "lends less than it borrows",
            better: facts(
                "B", record: LendingRecord(lent: 6, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 1)),
            worse: facts("W", record: LendingRecord(lent: 30, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 1))
        ),
        Factor(
            name: "fills more of what it is asked",
            better: facts(
                "B", record: LendingRecord(lent: 10, borrowed: 10, asked: 10, filled: 9, averageAnswerDays: 1)),
            worse: facts("W", record: LendingRecord(lent: 10, borrowed: 10, asked: 10, filled: 2, averageAnswerDays: 1))
        ),
        Factor(
            name: "answers faster",
            better: facts(
                "B", record: LendingRecord(lent: 10, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 0.5)),
            worse: facts(
                "W", record: LendingRecord(lent: 10, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 3.5))),
        Factor(
            name: "same route beats same region", better: facts("B", distance: .sameRoute),
            worse: facts("W", distance: .sameRegion)),
        Factor(
            name: "same region beats another region", better: facts("B", distance: .sameRegion),
            worse: facts("W", distance: .otherRegion)),
        Factor(
            name: "another region beats interstate", better: facts("B", distance: .otherRegion),
            worse: facts("W", distance: .interstate)),
        Factor(name: "more copies", better: facts("B", copies: 3), worse: facts("W", copies: 1)),
    ]

    @Test(arguments: factors)
    func theBetterCandidateComesFirstInEitherInputOrder(factor: Factor) {
        for holders in [[factor.better, factor.worse], [factor.worse, factor.better]] {
            let ranked = LenderRanking.rank(holders: holders, lastResort: [], for: Self.need)
            #expect(ranked.map(\.symbol) == ["B", "W"])
            #expect(ranked[0].score > ranked[1].score)
        }
    }

    @Test func theTargetRatioDecidesWhoIsUnderLent() {
        let record = LendingRecord(lent: 20, borrowed: 10, asked: 10, filled: 8, averageAnswerDays: 1)
        let candidate = Self.facts("A", record: record)
        let strict = LenderRanking.score(candidate, policy: .init(targetRatio: 1))
        let generous = LenderRanking.score(candidate, policy: .init(targetRatio: 3))
        #expect(generous.score > strict.score)
    }

    @Test func theBorrowerAndLibrariesNotLendingThisServiceAreNeverCandidates() {
        let holders = [
            Self.facts("BOR"), Self.facts("PAUSED", availability: .paused), Self.facts("CLOSED", availability: .closed),
            Self.facts("RETURNS", availability: .returnsOnly), Self.facts("COPIES", availability: .copiesOnly),
            Self.facts("OPEN"),
        ]
        let loan = LenderRanking.rank(holders: holders, lastResort: [], for: Self.need)
        #expect(loan.map(\.symbol) == ["OPEN"])
        let copy = LenderRanking.rank(
            holders: holders, lastResort: [], for: .init(borrower: "BOR", serviceType: .copy))
        #expect(Set(copy.map(\.symbol)) == ["COPIES", "OPEN"])
    }

    @Test func librariesAlreadyAskedAndHoldersWithoutLendableCopiesAreLeftOut() {
        let holders = [Self.facts("TRIED"), Self.facts("NONE", copies: 0), Self.facts("FRESH")]
        let need = LenderRanking.Need(borrower: "BOR", serviceType: .loan, alreadyAsked: ["TRIED"])
        #expect(LenderRanking.rank(holders: holders, lastResort: [], for: need).map(\.symbol) == ["FRESH"])
    }

    @Test func lastResortLendersCloseTheStringInTheirOwnOrderEvenWhenTheyScoreBest() {
        let star = Self.facts("BIG", copies: 3, distance: .sameRoute)
        let holders = [Self.facts("SMALL", distance: .otherRegion), star]
        let lastResort = [
            Self.facts("OCLC", copies: 0, distance: .interstate), star, Self.facts("BOR", copies: 0),
            Self.facts("SHUT", copies: 0, availability: .closed),
        ]
        let ranked = LenderRanking.rank(holders: holders, lastResort: lastResort, for: Self.need)
        #expect(ranked.map(\.symbol) == ["SMALL", "OCLC", "BIG"])
        #expect(ranked.map(\.isLastResort) == [false, true, true])
        #expect(ranked[1].reasons.first == "last-resort lender")
    }

    @Test func theStringIsCappedBeforeTheLastResortLenders() {
        let holders = (1...15).map { Self.facts("L\($0)") }
        let policy = LenderRanking.Policy(maximumRanked: 4)
        let ranked = LenderRanking.rank(
            holders: holders, lastResort: [Self.facts("LAST", copies: 0)], for: Self.need, policy: policy)
        #expect(ranked.count == 5)
        #expect(ranked.last?.symbol == "LAST")
    }

    @Test func reasonsAreSentencesAboutTheFacts() {
        let facts = LenderFacts(
            symbol: "A", copies: 2, distance: .sameRoute,
            record: LendingRecord(lent: 6, borrowed: 10, asked: 5, filled: 4, averageAnswerDays: 1.24))
        #expect(
            LenderRanking.reasons(facts) == [
                "holds 2 copies", "lends 0.6x what it borrows", "fills 80% of requests (4 of 5)",
                "answers in 1.2 days on average", "same courier route",
            ])
        let newcomer = LenderFacts(symbol: "N", copies: 1, distance: .interstate)
        #expect(LenderRanking.reasons(newcomer) == ["holds 1 copy", "no lending history yet", "out of state"])
    }

    @Test func distanceComesFromRoutesRegionsAndMembership() {
        let borrower = LibraryPlace(isMember: true, region: "WEST", courierRoute: "WEST 2")
        #expect(
            DeliveryDistance.between(.init(isMember: true, region: "WEST", courierRoute: "WEST 2"), borrower)
                == .sameRoute)
        #expect(
            DeliveryDistance.between(.init(isMember: true, region: "WEST", courierRoute: "WEST 1"), borrower)
                == .sameRegion)
        #expect(
            DeliveryDistance.between(.init(isMember: true, region: "BOS", courierRoute: nil), borrower) == .otherRegion)
        #expect(
            DeliveryDistance.between(.init(isMember: false, region: nil, courierRoute: "WEST 2"), borrower)
                == .interstate)
    }
}
