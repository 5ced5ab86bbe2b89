/// The transition table: the single source of truth for what can happen to a request, by whom, and what follows.
///
/// Validation, the allowed actions in every API response, the web application's update options and the
/// generated diagram in `docs/lifecycle.md` all read this table.
public enum TransitionTable {
    public static let rows: [Transition] = [
        Transition(
            .willSupply, from: [.sentToLender], by: [.lender], to: .status(.willSupply),
            records: "the lender's note"),
        Transition(
            .conditional, from: [.sentToLender], by: [.lender], to: .status(.conditional),
            records: "the conditions"),
        Transition(
            .acceptConditions, from: [.conditional], by: [.borrower], to: .status(.willSupply),
            records: "the borrower's note"),
        Transition(
            .rejectConditions, from: [.conditional], by: [.borrower], to: .nextLender,
            records: "the rejected lender and the next lender asked"),
        Transition(
            .unfilled, from: [.sentToLender, .willSupply], by: [.lender], to: .nextLender,
            records: "the ISO 18626 reason, the note and the next lender asked"),
        Transition(
            .ship, from: [.willSupply], by: [.lender], to: .status(.shipped),
            guards: [Guards.loanHasDueDate, Guards.dueDateAfterToday, Guards.electronicOnlyForCopies],
            records: "carrier, tracking number, ship date and due date"),
        Transition(
            .receive, from: [.shipped], by: [.borrower], to: .byServiceType(loan: .received, copy: .completed),
            records: "the day of receipt"),
        Transition(
            .resend, from: [.shipped], by: [.borrower], to: .status(.willSupply),
            guards: [Guards.deliveredElectronically],
            records: "what is wrong with the file; the lender uploads it again"),
        Transition(
            .renew, from: [.received], by: [.borrower], to: .status(.renewalRequested),
            guards: [Guards.lenderRenews, Guards.renewalsLeft, Guards.desiredDateAfterDueDate],
            records: "the desired due date"),
        Transition(
            .answerRenewal, from: [.renewalRequested], by: [.lender], to: .status(.received),
            guards: [Guards.approvalHasLaterDueDate],
            records: "approved or denied, the new due date, the note"),
        Transition(
            .returnShip, from: [.received, .renewalRequested, .recalled], by: [.borrower],
            to: .status(.returned), records: "carrier and tracking number; a pending renewal is withdrawn"),
        Transition(
            .checkIn, from: [.returned, .recalled], by: [.lender], to: .status(.completed),
            records: "the day of check-in"),
        Transition(
            .cancel, from: [.submitted, .copyrightReview, .needsLender, .sentToLender, .conditional],
            by: [.borrower, .team],
            to: .status(.cancelled), records: "the reason"),
        Transition(
            .cancel, from: [.willSupply], by: [.borrower, .team], to: .status(.cancelRequested),
            records: "the reason; the lender must answer"),
        Transition(
            .answerCancel, from: [.cancelRequested], by: [.lender],
            to: .byApproval(yes: .cancelled, no: .willSupply), records: "agreed or refused, the note"),
        Transition(
            .recall, from: [.received, .renewalRequested], by: [.lender], to: .status(.recalled),
            records: "the note; a pending renewal is withdrawn"),
        Transition(
            .reportLost, from: [.shipped, .returned], by: [.borrower, .lender, .team], to: .status(.lost),
            records: "the note"),
        Transition(
            .reportLost, from: [.received, .renewalRequested, .recalled], by: [.borrower, .team],
            to: .status(.lost), records: "the note"),
        Transition(
            .reportDamaged, from: [.received, .renewalRequested, .recalled], by: [.borrower, .team],
            to: .status(.damaged), records: "the note"),
        Transition(
            .reportDamaged, from: [.returned], by: [.lender, .team], to: .status(.damaged),
            records: "the note"),
        Transition(
            .route, from: [.submitted, .needsLender, .sentToLender], by: [.borrower, .team], to: .nextLender,
            guards: [Guards.routesAwayFromBorrower, Guards.routesToDistinctLenders],
            records: "the lenders added and the next lender asked; a pending lender is withdrawn"),
        Transition(
            .payCopyrightFee, from: [.copyrightReview], by: [.borrower, .team], to: .nextLender,
            records: "the fee paid; the copy is counted under copyright law (US-CCL), the first lender asked"),
        Transition(
            .obtainElsewhere, from: [.copyrightReview], by: [.borrower, .team], to: .status(.cancelled),
            records: "where the copy will come from"),
        Transition(
            .noAnswer, from: [.sentToLender], by: [.team], to: .nextLender,
            records: "the lender that let its response time pass and the next lender asked"),
    ]

    /// The row for `action` in `status`, if the action is possible there at all.
    public static func row(for action: Action, in status: RequestStatus) -> Transition? {
        self.rowsByKey[Key(action: action, status: status)]
    }

    struct Key: Hashable {
        let action: Action
        let status: RequestStatus
    }

    static let rowsByKey: [Key: Transition] = {
        var rows: [Key: Transition] = [:]
        for row in Self.rows {
            for status in row.from {
                precondition(rows[Key(action: row.action, status: status)] == nil, "two rows for one action and state")
                rows[Key(action: row.action, status: status)] = row
            }
        }
        return rows
    }()
}
