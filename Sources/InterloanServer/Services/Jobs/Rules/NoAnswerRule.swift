import Foundation
import InterloanCore

/// A lender that has not answered within its response time (working days, skipping weekends and holidays) is
/// recorded as "no answer" and the next lender in the string is asked; an exhausted string goes to the team.
struct NoAnswerRule: FollowUpRule {
    let name = "lender-no-answer"
    let statuses: Set<RequestStatus> = [.sentToLender]

    /// The first instant at which a lender asked at `askedAt` with `responseDays` has let its time pass: the
    /// start of the day after its last working day.
    static func deadline(askedAt: Date, responseDays: Int, calendar: WorkingCalendar) -> Date {
        calendar.workingDay(responseDays, after: Day(askedAt)).adding(days: 1).date
    }

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let index = request.state.currentLenderIndex, let askedAt = request.state.lenders[index].askedAt,
            let lender = try await context.application.libraryDirectory.library(
                symbol: request.state.lenders[index].symbol, on: context.application.db)
        else { return .done }
        let deadline = Self.deadline(askedAt: askedAt, responseDays: lender.responseDays, calendar: context.working)
        guard context.now >= deadline else { return FollowUpCheck(changed: false, next: deadline) }
        let note =
            "No answer from \(lender.symbol) within \(lender.responseDays) working days "
            + "(asked \(Day(askedAt)), last day \(Day(deadline).adding(days: -1)))"
        let moved = try await context.jobs.perform(
            .noAnswer, note: note, onRequest: request.id, expecting: lender.symbol)
        return FollowUpCheck(changed: moved, next: nil)
    }
}
