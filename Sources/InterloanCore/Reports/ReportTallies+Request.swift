import Foundation

/// What a request's share of the tallies depends on besides its history: the directory and the courier calendar,
/// as they stand when the share is taken.
public struct TallyContext: Sendable {
    /// The courier route of a library; nil for one without.
    public var route: @Sendable (String) -> String?
    public var calendar: WorkingCalendar
    /// When a request's shipment was expected had it gone by courier; nil when that cannot be known.
    public var expectedArrival: @Sendable (RequestFacts) -> Day?
    /// A lender's response time in working days.
    public var responseDays: @Sendable (String) -> Int

    public init(
        route: @escaping @Sendable (String) -> String?, calendar: WorkingCalendar,
        expectedArrival: @escaping @Sendable (RequestFacts) -> Day?, responseDays: @escaping @Sendable (String) -> Int
    ) {
        self.route = route
        self.calendar = calendar
        self.expectedArrival = expectedArrival
        self.responseDays = responseDays
    }
}

extension ReportTallies {
    /// One request's share of every figure (docs/reports.md defines each).
    public init(of request: RequestFacts, context: TallyContext) {
        self.init()
        let month = String(Day(request.placedAt).description.prefix(7))
        func key(_ library: String, _ figure: Figure, _ dimension: String = "") -> Key {
            Key(month: month, library: library, serviceType: request.serviceType, figure: figure, dimension: dimension)
        }
        func count(_ library: String, _ figure: Figure, _ parts: String...) {
            self.counts[key(library, figure, parts.joined(separator: String(Self.separator))), default: 0] += 1
        }
        func duration(_ library: String, _ figure: Figure, _ dimension: String, _ span: DurationSummary.Span) {
            self.durations[key(library, figure, dimension), default: DurationTally()].add(
                seconds: span.end.timeIntervalSince(span.start),
                workingDays: DurationSummary.workingDays(from: span.start, to: span.end, calendar: context.calendar))
        }
        let borrower = request.borrower

        count(borrower, .outcome, ReportSide.borrowing.rawValue, request.outcome.rawValue)
        for lender in LendingOutcome.lendersAsked(request) {
            count(lender, .outcome, ReportSide.lending.rawValue, LendingOutcome.of(lender, in: request).rawValue)
            guard let asked = request.askedAt[lender] else { continue }
            // An answer recorded before the asking (clocks of two systems) counts as immediate.
            if let answered = request.answeredAt[lender] {
                duration(lender, .answer, "", DurationSummary.Span(start: asked, end: answered))
            }
            if request.supplier == lender, let shipped = request.shippedAt {
                count(lender, .shipping, "shipped")
                let deadline = context.calendar.workingDay(context.responseDays(lender), after: Day(asked))
                if Day(shipped) <= deadline { count(lender, .shipping, "onTime") }
            }
        }
        for decline in request.declines {
            let position = String(decline.position)
            count(borrower, .decline, ReportSide.borrowing.rawValue, decline.reason, position)
            count(decline.lender, .decline, ReportSide.lending.rawValue, decline.reason, position)
        }
        if request.serviceType == .loan, let returned = request.returnedAt {
            count(borrower, .returns, "returned")
            if let due = request.dueDateAtReturn, Day(returned) > due { count(borrower, .returns, "late") }
        }
        for leg in TurnaroundReport.Leg.allCases {
            guard let span = TurnaroundReport.span(leg, of: request) else { continue }
            duration(borrower, .leg, Self.dimension(leg.rawValue, "all", ""), span)
            guard leg == .shippedToReceived else { continue }
            duration(borrower, .leg, Self.dimension(leg.rawValue, "carrier", request.carrier ?? "other"), span)
            duration(borrower, .leg, Self.dimension(leg.rawValue, "route", context.route(borrower) ?? "none"), span)
        }
        if let received = request.receivedAt {
            duration(borrower, .placedToReceived, "", DurationSummary.Span(start: request.placedAt, end: received))
        }
        if request.carrier == Carrier.courier.rawValue, let shipped = request.shippedAt,
            let received = request.receivedAt, let supplier = request.supplier,
            let due = context.expectedArrival(request)
        {
            let late = max(0, due.days(until: Day(received)))
            count(
                borrower, .courier, context.route(borrower) ?? "none", String(Day(shipped).description.prefix(7)),
                supplier, String(late))
        }
        let name = (request.serviceType == .copy ? request.journal ?? request.title : request.title)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !name.isEmpty {
            let kind = request.serviceType == .loan ? "title" : "journal"
            self.titles[key(borrower, .title, Self.dimension(kind, name.lowercased()))] = Title(
                requests: 1, firstRequestID: request.requestID, spelling: name)
        }
    }

    /// The shares of many requests, added up.
    public init(of requests: [RequestFacts], context: TallyContext) {
        self.init()
        for request in requests { self.add(ReportTallies(of: request, context: context)) }
    }
}
