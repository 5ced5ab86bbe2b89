/// The days a report covers, both ends included, checked as a query gives them.
public struct ReportPeriod: Sendable, Equatable {
    /// The longest period a report covers, in days: five years of 366.
    public static let longestDays = 5 * 366

    public let from: Day
    public let to: Day

    /// A period already checked: `from` not after `to`.
    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    /// `from` and `to` as `YYYY-MM-DD`; without `to`, today; without `from`, the first of January of `to`'s year.
    /// Every problem is named by its parameter.
    public static func parse(from: String?, to: String?, today: Day) throws(ReportQueryError) -> ReportPeriod {
        var errors: [FieldError] = []
        let end = to.map { Day($0) } ?? today
        if end == nil { errors.append(FieldError(field: "to", message: "must be a date written YYYY-MM-DD")) }
        let start = from.map { Day($0) } ?? end.flatMap { Day(year: $0.year, month: 1, day: 1) }
        if from != nil, start == nil {
            errors.append(FieldError(field: "from", message: "must be a date written YYYY-MM-DD"))
        }
        guard errors.isEmpty, let start, let end else { throw ReportQueryError(fields: errors) }
        if start > end { throw ReportQueryError(fields: [FieldError(field: "from", message: "must not be after to")]) }
        if start.days(until: end) >= Self.longestDays {
            throw ReportQueryError(fields: [FieldError(field: "to", message: "the period may cover at most five years")]
            )
        }
        return ReportPeriod(from: start, to: end)
    }
}

/// What is wrong with a report's query, parameter by parameter.
public struct ReportQueryError: Error, Sendable, Equatable {
    public var fields: [FieldError]
}

extension ReportPeriod {
    /// The months (`YYYY-MM`) the period covers whole, and the spans of days left over at either end, each within
    /// one month: a period from 15 January to 10 April has February and March whole, and 15 to 31 January and 1 to
    /// 10 April left.
    public var wholeMonths: (months: [String], leftOver: [ReportPeriod]) {
        var months: [String] = []
        var leftOver: [ReportPeriod] = []
        var first = Day(year: self.from.year, month: self.from.month, day: 1)!
        while first <= self.to {
            let last = Day(
                year: first.year, month: first.month, day: Day.daysIn(month: first.month, year: first.year))!
            if first >= self.from, last <= self.to {
                months.append(String(first.description.prefix(7)))
            } else {
                leftOver.append(ReportPeriod(from: max(first, self.from), to: min(last, self.to)))
            }
            first = last.adding(days: 1)
        }
        return (months, leftOver)
    }
}
