import Foundation

/// Every number the follow-up rules use, in one place, with the defaults of DOMAIN.md; and the day arithmetic
/// that turns them into "due on" days.
public struct FollowUpPolicy: Sendable, Equatable {
    /// Days past the expected arrival before a shipment counts as not received.
    public var graceDays = 1
    /// Days after shipping after which a loan counts as not received in any case.
    public var notReceivedLoanDays = 14
    /// The same for a copy.
    public var notReceivedCopyDays = 7
    /// Days past the expected arrival after which the borrower is asked to mark the item Received.
    public var pleaseUpdateDays = 3
    /// Days past the due date on which overdue notices go out.
    public var overdueNoticeDays = [1, 7, 14]
    /// Days past the due date after which a loan is flagged possibly lost.
    public var possiblyLostDays = 40
    /// Days after the return shipment after which the lender is asked to check the item in.
    public var notCheckedInDays = 30
    /// A lost-in-courier claim may be filed from this many months after shipping ...
    public var claimOpensMonths = 2
    /// ... until this many.
    public var claimClosesMonths = 12
    /// The courier's liability for one item, in dollars.
    public var courierLiabilityCap = 250

    public init() {}

    public static let standard = FollowUpPolicy()

    /// The first day on which a shipment not yet received counts as not received.
    public func notReceivedDay(shippedOn: Day, expected: Day?, serviceType: ServiceType) -> Day {
        let latest = shippedOn.adding(days: serviceType == .copy ? self.notReceivedCopyDays : self.notReceivedLoanDays)
        guard let expected else { return latest }
        return min(expected.adding(days: self.graceDays + 1), latest)
    }

    /// The first day on which the borrower is reminded to mark a shipment Received.
    public func pleaseUpdateDay(shippedOn: Day, expected: Day?, serviceType: ServiceType) -> Day {
        let arrival =
            expected
            ?? shippedOn.adding(days: serviceType == .copy ? self.notReceivedCopyDays : self.notReceivedLoanDays)
        return arrival.adding(days: self.pleaseUpdateDays + 1)
    }

    /// The latest overdue notice day reached on `today` (1, 7 or 14 days late), or nil before the first.
    public func overdueNotice(dueDate: Day, on today: Day) -> Int? {
        let late = dueDate.days(until: today)
        return self.overdueNoticeDays.filter { $0 <= late }.max()
    }

    /// The next day something happens to a loan due on `dueDate`, after `today`: a notice or the lost flag.
    public func nextOverdueDay(dueDate: Day, after today: Day) -> Day? {
        let late = dueDate.days(until: today)
        let next = (self.overdueNoticeDays + [self.possiblyLostDays]).filter { $0 > late }.min()
        return next.map { dueDate.adding(days: $0) }
    }

    public func isPossiblyLost(dueDate: Day, on today: Day) -> Bool {
        dueDate.days(until: today) >= self.possiblyLostDays
    }

    /// The first day the lender is asked to check in a return shipped on `returnedOn`.
    public func notCheckedInDay(returnedOn: Day) -> Day { returnedOn.adding(days: self.notCheckedInDays) }

    /// The days between which a lost-in-courier claim may be filed for a shipment of `shippedOn`.
    public func claimWindow(shippedOn: Day) -> ClosedRange<Day> {
        shippedOn.adding(months: self.claimOpensMonths)...shippedOn.adding(months: self.claimClosesMonths)
    }
}

extension Day {
    /// The same day of the month `count` months later, or the month's last day when it has fewer days.
    public func adding(months count: Int) -> Day {
        let index = self.year * 12 + (self.month - 1) + count
        let year = index / 12
        let month = index % 12 + 1
        var day = self.day
        while Day(year: year, month: month, day: day) == nil { day -= 1 }
        return Day(year: year, month: month, day: day)!
    }
}
