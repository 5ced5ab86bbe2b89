import Testing

@testable import InterloanCore

/// The follow-up rules' day arithmetic: when a shipment counts as not received, when reminders and overdue
/// notices fall due, the lost flag and the courier claim window.
struct FollowUpPolicyTests {
    let policy = FollowUpPolicy.standard
    static func day(_ text: String) -> Day { Day(text)! }

    @Test func notReceivedIsTheDayAfterTheGraceDayAndAtTheLatestTwoWeeksForALoan() {
        let shipped = Self.day("2026-11-30")
        // Expected Thursday 3 December: the grace day is Friday, so Saturday is the first day it is missing.
        #expect(
            self.policy.notReceivedDay(shippedOn: shipped, expected: Self.day("2026-12-03"), serviceType: .loan)
                == Self.day("2026-12-05"))
        // An expected arrival later than the cap does not delay the cap.
        #expect(
            self.policy.notReceivedDay(shippedOn: shipped, expected: Self.day("2026-12-20"), serviceType: .loan)
                == Self.day("2026-12-14"))
        #expect(
            self.policy.notReceivedDay(shippedOn: shipped, expected: Self.day("2026-12-20"), serviceType: .copy)
                == Self.day("2026-12-07"))
        // No expected arrival (a stop without delivery days): 14 days for a loan, 7 for a copy.
        #expect(
            self.policy.notReceivedDay(shippedOn: shipped, expected: nil, serviceType: .loan) == Self.day("2026-12-14"))
        #expect(
            self.policy.notReceivedDay(shippedOn: shipped, expected: nil, serviceType: .copy) == Self.day("2026-12-07"))
    }

    @Test func theBorrowerIsAskedToUpdateThreeDaysAfterTheExpectedArrival() {
        #expect(
            self.policy.pleaseUpdateDay(
                shippedOn: Self.day("2026-11-30"), expected: Self.day("2026-12-03"), serviceType: .loan)
                == Self.day("2026-12-07"))
        #expect(
            self.policy.pleaseUpdateDay(shippedOn: Self.day("2026-11-30"), expected: nil, serviceType: .copy)
                == Self.day("2026-12-11"))
    }

    @Test(
        arguments: [
            ("2026-12-01", nil), ("2026-12-02", 1), ("2026-12-07", 1), ("2026-12-08", 7), ("2026-12-14", 7),
            ("2026-12-15", 14), ("2027-02-01", 14),
        ] as [(String, Int?)])
    func overdueNoticesGoOnDaysOneSevenAndFourteen(today: String, notice: Int?) {
        #expect(self.policy.overdueNotice(dueDate: Self.day("2026-12-01"), on: Self.day(today)) == notice)
    }

    @Test func theNextOverdueLookIsTheNextNoticeOrTheLostFlag() {
        let due = Self.day("2026-12-01")
        #expect(self.policy.nextOverdueDay(dueDate: due, after: Self.day("2026-11-20")) == Self.day("2026-12-02"))
        #expect(self.policy.nextOverdueDay(dueDate: due, after: Self.day("2026-12-02")) == Self.day("2026-12-08"))
        #expect(self.policy.nextOverdueDay(dueDate: due, after: Self.day("2026-12-15")) == Self.day("2027-01-10"))
        #expect(self.policy.nextOverdueDay(dueDate: due, after: Self.day("2027-01-10")) == nil)
        #expect(!self.policy.isPossiblyLost(dueDate: due, on: Self.day("2027-01-09")))
        #expect(self.policy.isPossiblyLost(dueDate: due, on: Self.day("2027-01-10")))
    }

    @Test func aReturnNotCheckedInIsRaisedAfterThirtyDays() {
        #expect(self.policy.notCheckedInDay(returnedOn: Self.day("2026-11-30")) == Self.day("2026-12-30"))
    }

    @Test func theCourierClaimWindowRunsFromTwoMonthsToOneYear() {
        #expect(
            self.policy.claimWindow(shippedOn: Self.day("2026-11-30")) == Self.day(
                "2027-01-30")...Self.day("2027-11-30"))
        // The 31st of a month two months on that has 30 days, and a leap day a year on.
        #expect(self.policy.claimWindow(shippedOn: Self.day("2026-12-31")).lowerBound == Self.day("2027-02-28"))
        #expect(Self.day("2028-02-29").adding(months: 12) == Self.day("2029-02-28"))
        #expect(Self.day("2026-11-15").adding(months: -11) == Self.day("2025-12-15"))
    }
}
