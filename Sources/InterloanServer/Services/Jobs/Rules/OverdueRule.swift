import Foundation
import InterloanCore

/// A loan past its due date: notices to the borrower on days 1, 7 and 14 (the latest one reached, once each; the
/// lender sees it in its Overdue queue), and at 40 days the loan is flagged possibly lost for the team.
struct OverdueRule: FollowUpRule {
    let name = "overdue"
    let statuses = Set(WorkQueue.onLoanAtBorrower)

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let due = request.state.dueDate else { return .done }
        let next = context.policy.nextOverdueDay(dueDate: due, after: context.today)?.date
        var changed = false
        if let step = context.policy.overdueNotice(dueDate: due, on: context.today) {
            var notice = context.notice(
                .overdue, about: request, to: request.state.borrower, other: request.state.currentLender)
            notice.dueDate = due
            notice.daysOverdue = due.days(until: context.today)
            changed = try await context.notify(notice, about: request, key: "overdue:\(request.id):\(due):\(step)")
        }
        if context.policy.isPossiblyLost(dueDate: due, on: context.today) {
            let flagged = try await context.notify(
                nil, about: request, key: "possiblyLost:\(request.id)", flag: "possibly_lost_at")
            changed = changed || flagged
        }
        return FollowUpCheck(changed: changed, next: next)
    }
}
