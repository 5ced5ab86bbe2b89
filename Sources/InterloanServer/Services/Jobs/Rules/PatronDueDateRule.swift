import Foundation
import InterloanCore
import SQLKit

/// A portal patron's loan nearing or past its due date: an email three days before it is due and one the day
/// after (each once per due date, so a renewal starts them afresh). The library's own overdue notices are the
/// overdue rule's.
struct PatronDueDateRule: FollowUpRule {
    let name = "patron-due-dates"
    let statuses = Set(WorkQueue.onLoanAtBorrower)

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard request.row.patronAccountID != nil, request.state.serviceType == .loan,
            let due = request.state.dueDate
        else { return .done }
        let soon = due.adding(days: -PatronNoticeKind.dueSoonDays)
        let late = due.adding(days: 1)
        let today = context.today
        let kind: PatronNoticeKind?
        if today >= late {
            kind = .overdue
        } else if today >= soon {
            kind = .dueSoon
        } else {
            kind = nil
        }
        let next = today < soon ? soon : today < late ? late : nil
        guard let kind,
            let build = try await PatronMail(context.application).builder(
                kind, row: request.row, state: request.state, at: context.now,
                key: { "\(kind.mailKind):\($0):\(due)" })
        else { return FollowUpCheck(changed: false, next: next?.date) }
        let insert = try RowInsert.query(
            [build(request.id)], nilAsNull: false, suffix: "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")
        let queued = try await context.application.writes.write { sql in try await !sql.raw(insert).all().isEmpty }
        return FollowUpCheck(changed: queued, next: next?.date)
    }
}
