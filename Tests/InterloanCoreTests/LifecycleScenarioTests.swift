import Foundation
import Testing

@testable import InterloanCore

/// Whole request lives driven through the engine with a fixed clock.
struct LifecycleScenarioTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
    let borrower = ActingParty(userID: 1, name: "Borrowing staff", librarySymbol: "BOR", isTeam: false)
    let team = ActingParty(userID: 9, name: "Team", librarySymbol: "CONS", isTeam: true)

    func lender(_ symbol: String) -> ActingParty {
        ActingParty(userID: 2, name: "Lending staff", librarySymbol: symbol, isTeam: false)
    }

    func args(_ values: [String: ArgumentValue] = [:]) -> Arguments { Arguments(values) }

    func place(_ lenders: [String], _ type: ServiceType = .loan) throws -> RequestState {
        try Lifecycle.place(serviceType: type, borrower: "BOR", lenders: lenders, at: self.now).state
    }

    func run(_ action: Action, _ arguments: Arguments = Arguments(), on state: RequestState, by actor: ActingParty)
        throws
        -> RequestState
    {
        try Lifecycle.perform(action, arguments: arguments, on: state, by: actor, at: self.now).state
    }

    @Test func aLoanGoesFromPlacementToCheckIn() throws {
        var state = try self.place(["LEN"])
        #expect(state.status == .sentToLender)
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        state = try self.run(
            .ship, self.args(["carrier": .text("courier"), "dueDate": .date(Day("2026-12-28")!)]), on: state,
            by: self.lender("LEN"))
        #expect(state.status == .shipped)
        #expect(state.dueDate == Day("2026-12-28"))
        #expect(state.shipments.first?.shippedOn == Day("2026-11-30"))
        state = try self.run(.receive, on: state, by: self.borrower)
        #expect(state.status == .received)
        state = try self.run(
            .returnShip, self.args(["carrier": .text("usps"), "trackingNumber": .text("9400")]),
            on: state, by: self.borrower)
        #expect(state.shipments.last?.direction == .return)
        #expect(state.shipments.last?.trackingNumber == "9400")
        state = try self.run(.checkIn, on: state, by: self.lender("LEN"))
        #expect(state.status == .completed)
        #expect(state.lenders[0].outcome == .shipped)
    }

    @Test func aCopyIsCompleteOnceReceived() throws {
        var state = try self.place(["LEN"], .copy)
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        state = try self.run(.ship, self.args(["carrier": .text("other")]), on: state, by: self.lender("LEN"))
        state = try self.run(.receive, on: state, by: self.borrower)
        #expect(state.status == .completed)
    }

    @Test func unfilledMovesToTheNextLenderAndThenToTheTeam() throws {
        var state = try self.place(["ONE", "TWO"])
        let outcome = try Lifecycle.perform(
            .unfilled, arguments: self.args(["reason": .text("NotOnShelf")]), on: state, by: self.lender("ONE"),
            at: self.now)
        state = outcome.state
        #expect(state.status == .sentToLender)
        #expect(state.currentLender == "TWO")
        #expect(state.lenders[0].outcome == .unfilled)
        #expect(state.lenders[0].reason == "NotOnShelf")
        #expect(outcome.event.details["nextLender"] == "TWO")
        state = try self.run(.unfilled, self.args(["reason": .text("NotHeld")]), on: state, by: self.lender("TWO"))
        #expect(state.status == .needsLender)
        #expect(state.currentLender == nil)
        state = try self.run(.route, self.args(["lenders": .symbols(["THREE"])]), on: state, by: self.team)
        #expect(state.currentLender == "THREE")
        #expect(state.lenders.map(\.symbol) == ["ONE", "TWO", "THREE"])
    }

    @Test func theFormerLenderCannotActAfterUnfilled() throws {
        var state = try self.place(["ONE", "TWO"])
        state = try self.run(.unfilled, self.args(["reason": .text("NotHeld")]), on: state, by: self.lender("ONE"))
        #expect(throws: LifecycleError.self) { try self.run(.willSupply, on: state, by: self.lender("ONE")) }
    }

    @Test func conditionsCanBeAcceptedOrRejected() throws {
        let placed = try self.place(["ONE", "TWO"])
        let conditional = try self.run(
            .conditional, self.args(["note": .text("Library use only")]), on: placed, by: self.lender("ONE"))
        #expect(conditional.lenders[0].note == "Library use only")
        let accepted = try self.run(.acceptConditions, on: conditional, by: self.borrower)
        #expect(accepted.status == .willSupply)
        let rejected = try self.run(.rejectConditions, on: conditional, by: self.borrower)
        #expect(rejected.status == .sentToLender)
        #expect(rejected.currentLender == "TWO")
        #expect(rejected.lenders[0].outcome == .conditionsRejected)
    }

    @Test func cancelIsImmediateBeforeTheLenderAgreesAndNeedsItsConsentAfter() throws {
        let placed = try self.place(["ONE"])
        #expect(try self.run(.cancel, on: placed, by: self.borrower).status == .cancelled)
        let agreed = try self.run(.willSupply, on: placed, by: self.lender("ONE"))
        let asked = try self.run(.cancel, on: agreed, by: self.borrower)
        #expect(asked.status == .cancelRequested)
        let yes = try self.run(.answerCancel, self.args(["approve": .boolean(true)]), on: asked, by: self.lender("ONE"))
        #expect(yes.status == .cancelled)
        let no = try self.run(.answerCancel, self.args(["approve": .boolean(false)]), on: asked, by: self.lender("ONE"))
        #expect(no.status == .willSupply)
    }

    func receivedLoan(policy: LoanPolicy = .standard) throws -> RequestState {
        var state = try self.place(["LEN"])
        state.lenderPolicy = policy
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        state = try self.run(
            .ship, self.args(["carrier": .text("courier"), "dueDate": .date(Day("2026-12-28")!)]), on: state,
            by: self.lender("LEN"))
        return try self.run(.receive, on: state, by: self.borrower)
    }

    @Test func anApprovedRenewalMovesTheDueDate() throws {
        var state = try self.receivedLoan()
        state = try self.run(
            .renew, self.args(["desiredDueDate": .date(Day("2027-01-25")!)]), on: state, by: self.borrower)
        #expect(state.status == .renewalRequested)
        state = try self.run(
            .answerRenewal, self.args(["approve": .boolean(true), "dueDate": .date(Day("2027-01-20")!)]), on: state,
            by: self.lender("LEN"))
        #expect(state.status == .received)
        #expect(state.dueDate == Day("2027-01-20"))
        #expect(state.renewals.first?.status == .approved)
        // The standard policy grants one renewal; a second is refused.
        #expect(throws: LifecycleError.self) {
            try self.run(.renew, self.args(["desiredDueDate": .date(Day("2027-02-25")!)]), on: state, by: self.borrower)
        }
    }

    @Test func aDeniedRenewalKeepsTheDueDateAndTheNote() throws {
        var state = try self.receivedLoan()
        state = try self.run(
            .renew, self.args(["desiredDueDate": .date(Day("2027-01-25")!)]), on: state, by: self.borrower)
        state = try self.run(
            .answerRenewal, self.args(["approve": .boolean(false), "note": .text("Needed for a class")]), on: state,
            by: self.lender("LEN"))
        #expect(state.dueDate == Day("2026-12-28"))
        #expect(state.renewals.first?.status == .denied)
        #expect(state.renewals.first?.note == "Needed for a class")
    }

    @Test func renewalBeforeReceiptIsRefusedWithTheAllowedActions() throws {
        var state = try self.place(["LEN"])
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        state = try self.run(
            .ship, self.args(["carrier": .text("courier"), "dueDate": .date(Day("2026-12-28")!)]), on: state,
            by: self.lender("LEN"))
        #expect(
            throws: LifecycleError.notAllowed(
                reason: "renew is not possible while the request is shipped", allowed: [.receive, .reportLost])
        ) {
            try self.run(.renew, self.args(["desiredDueDate": .date(Day("2027-01-25")!)]), on: state, by: self.borrower)
        }
    }

    @Test func aLenderThatDoesNotRenewIsNeverAsked() throws {
        let state = try self.receivedLoan(policy: LoanPolicy(loanDays: 21, renewalsAllowed: false, maxRenewals: 0))
        #expect(!Lifecycle.allowedActions(in: state, roles: [.borrower]).contains(.renew))
    }

    @Test func approvingARenewalWithoutADueDateNamesTheField() throws {
        var state = try self.receivedLoan()
        state = try self.run(
            .renew, self.args(["desiredDueDate": .date(Day("2027-01-25")!)]), on: state, by: self.borrower)
        #expect(
            throws: LifecycleError.invalidFields([
                FieldError(field: "dueDate", message: "an approved renewal sets a new, later due date")
            ])
        ) {
            try self.run(.answerRenewal, self.args(["approve": .boolean(true)]), on: state, by: self.lender("LEN"))
        }
    }

    @Test func shippingALoanNeedsAFutureDueDate() throws {
        var state = try self.place(["LEN"])
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        #expect(
            throws: LifecycleError.invalidFields([
                FieldError(
                    field: "dueDate",
                    message:
                        "a loan is shipped with a due date, or with an item barcode when the lender's ILS gives the due date"
                )
            ])
        ) {
            try self.run(.ship, self.args(["carrier": .text("courier")]), on: state, by: self.lender("LEN"))
        }
        #expect(throws: LifecycleError.self) {
            try self.run(
                .ship, self.args(["carrier": .text("courier"), "dueDate": .date(Day("2026-11-01")!)]),
                on: state, by: self.lender("LEN"))
        }
    }

    @Test func aLenderWhoseILSGivesTheDueDateShipsWithABarcodeAlone() throws {
        var state = try self.place(["LEN"])
        state = try self.run(.willSupply, on: state, by: self.lender("LEN"))
        let barcodeOnly = self.args(["carrier": .text("courier"), "itemBarcode": .text("31234")])
        #expect(throws: LifecycleError.self, "not when the lender's ILS gives no due date") {
            try self.run(.ship, barcodeOnly, on: state, by: self.lender("LEN"))
        }
        state.lenderILSSetsDueDate = true
        #expect(throws: LifecycleError.self, "nor without the barcode the ILS checks out") {
            try self.run(.ship, self.args(["carrier": .text("courier")]), on: state, by: self.lender("LEN"))
        }
        let shipped = try self.run(.ship, barcodeOnly, on: state, by: self.lender("LEN"))
        #expect(shipped.status == .shipped)
        #expect(shipped.dueDate == nil)
    }

    @Test func recallWithdrawsAPendingRenewal() throws {
        var state = try self.receivedLoan()
        state = try self.run(
            .renew, self.args(["desiredDueDate": .date(Day("2027-01-25")!)]), on: state, by: self.borrower)
        state = try self.run(.recall, on: state, by: self.lender("LEN"))
        #expect(state.status == .recalled)
        #expect(state.renewals.first?.status == .withdrawn)
    }

    @Test func theBorrowerNeverLendsToItself() {
        #expect(throws: LifecycleError.self) {
            try Lifecycle.place(serviceType: .loan, borrower: "BOR", lenders: ["BOR"], at: self.now)
        }
    }

    @Test func routingReplacesUntriedLendersUnlessAsked() throws {
        let state = try self.place(["ONE", "TWO", "THREE"])
        let replaced = try self.run(.route, self.args(["lenders": .symbols(["NEW"])]), on: state, by: self.team)
        #expect(replaced.lenders.map(\.symbol) == ["ONE", "NEW"])
        #expect(replaced.lenders[0].outcome == .withdrawn)
        #expect(replaced.currentLender == "NEW")
        let appended = try self.run(
            .route, self.args(["lenders": .symbols(["NEW"]), "append": .boolean(true)]), on: state, by: self.team)
        #expect(appended.lenders.map(\.symbol) == ["ONE", "TWO", "THREE", "NEW"])
        #expect(appended.currentLender == "TWO")
    }

    @Test func noAnswerMovesOnAndHandsAnExhaustedStringToTheTeam() throws {
        let state = try self.place(["SLOW", "NEXT"])
        let moved = try self.run(.noAnswer, self.args([:]), on: state, by: self.team)
        #expect(moved.lenders[0].outcome == .noAnswer)
        #expect(moved.currentLender == "NEXT")
        let exhausted = try self.run(.noAnswer, self.args([:]), on: moved, by: self.team)
        #expect(exhausted.status == .needsLender)
        #expect(exhausted.lenders.map(\.outcome) == [.noAnswer, .noAnswer])
    }

    @Test func eventsRecordFromToAndDetails() throws {
        let state = try self.place(["LEN"])
        let outcome = try Lifecycle.perform(
            .conditional, arguments: self.args(["note": .text("Library use only")]), on: state,
            by: self.lender("LEN"), at: self.now)
        #expect(
            outcome.event
                == LifecycleEvent(
                    action: "conditional", from: .sentToLender, to: .conditional,
                    details: ["note": "Library use only", "lender": "LEN"]))
    }
}
