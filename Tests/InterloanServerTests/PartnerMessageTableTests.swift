import Foundation
import ISO18626
import InterloanCore
import Testing

@testable import InterloanServer

/// A lending partner's message becomes the action the transition table allows, cell by cell: every status a
/// partner can report, in every state a request can be in, against the answers written out here.
@Suite struct PartnerMessageTableTests {
    static func state(_ status: RequestStatus) -> RequestState {
        RequestState(
            status: status, serviceType: .loan, borrower: "BOR",
            lenders: [LenderAttempt(symbol: "PART", outcome: .asked)], currentLenderIndex: 0,
            dueDate: Day("2026-12-31"),
            renewals: status == .renewalRequested
                ? [Renewal(requestedOn: Day("2026-12-01")!, desiredDueDate: Day("2027-01-31")!)] : [])
    }

    static func message(
        _ status: SupplierStatus, _ reason: ReasonForMessage = .statusChange, answer: Bool? = nil, note: String? = nil
    ) -> SupplyingAgencyMessage {
        SupplyingAgencyMessage(
            header: MessageHeader(
                supplyingAgency: AgencyID(type: "ISIL", value: "PART"),
                requestingAgency: AgencyID(type: "ISIL", value: "CONS"), timestamp: testNow,
                requestingAgencyRequestID: "1"),
            reason: reason, status: status, lastChange: testNow, answer: answer, note: note)
    }

    static func choice(_ message: SupplyingAgencyMessage, _ status: RequestStatus) -> String? {
        guard let (row, first) = PartnerMessageTable.choice(for: message, in: Self.state(status), roles: [.lender])
        else { return nil }
        return first.map { "\($0.rawValue)+\(row.action.rawValue)" } ?? row.action.rawValue
    }

    /// The status reports, each in the states where it does something; in every other state it is only noted.
    static let expected: [(SupplierStatus, [RequestStatus: String])] = [
        (.willSupply, [.sentToLender: "willSupply"]),
        (.expectToSupply, [.sentToLender: "willSupply"]),
        (.loaned, [.sentToLender: "willSupply+ship", .willSupply: "ship"]),
        (.copyCompleted, [.sentToLender: "willSupply+ship", .willSupply: "ship"]),
        (.unfilled, [.sentToLender: "unfilled", .willSupply: "unfilled"]),
        (.retryPossible, [.sentToLender: "unfilled", .willSupply: "unfilled"]),
        (.cancelled, [.sentToLender: "unfilled", .willSupply: "unfilled", .cancelRequested: "answerCancel"]),
        (.recalled, [.received: "recall", .renewalRequested: "recall"]),
        (.loanCompleted, [.returned: "checkIn", .recalled: "checkIn"]),
        (.completedWithoutReturn, [.returned: "checkIn", .recalled: "checkIn"]),
        (.requestReceived, [:]),
        (.overdue, [:]),
    ]

    @Test(arguments: RequestStatus.allCases)
    func everyStatusReportInThisStateDoesWhatTheTransitionTableAllows(status: RequestStatus) {
        for (reported, cells) in Self.expected {
            #expect(Self.choice(Self.message(reported), status) == cells[status], "\(reported) in \(status)")
        }
    }

    @Test func conditionsInAnExpectToSupplyMakeAConditionalAnswer() {
        let conditional = Self.message(.expectToSupply, .requestResponse, note: ConditionsNote.text("in library use"))
        #expect(Self.choice(conditional, .sentToLender) == "conditional")
        #expect(Self.choice(conditional, .willSupply) == nil)
    }

    @Test func aRenewalAnswerAnswersTheRenewalAndNothingElse() {
        let yes = Self.message(.loaned, .renewResponse, answer: true)
        #expect(Self.choice(yes, .renewalRequested) == "answerRenewal")
        #expect(Self.choice(yes, .willSupply) == nil)
        #expect(Self.choice(yes, .sentToLender) == nil)
    }

    @Test func aCancelAnswerAgreesOrRefusesOnlyWhileACancelIsAsked() {
        let refused = Self.message(.willSupply, .cancelResponse, answer: false)
        #expect(Self.choice(refused, .cancelRequested) == "answerCancel")
        let row = PartnerMessageTable.byAction[.answerCancel]!
        let incoming = PartnerMessageRow.Incoming(message: refused, state: Self.state(.cancelRequested), now: testNow)
        #expect(row.arguments(incoming)["approve"] == .string("false"))
        let agreed = Self.message(.cancelled, .cancelResponse, answer: true)
        #expect(
            row.arguments(
                PartnerMessageRow.Incoming(message: agreed, state: Self.state(.cancelRequested), now: testNow))[
                    "approve"] == .string("true"))
        #expect(Self.choice(agreed, .received) == nil)
    }

    @Test func askingForAFileAgainTellsAPartnerLenderWhy() {
        let change = PartnerMessageRow.Change(
            arguments: Arguments(["note": .text("pages 4 and 5 are cut off")]), before: Self.state(.shipped),
            after: Self.state(.willSupply),
            actor: ActingParty(userID: nil, name: "x", librarySymbol: "BOR", isTeam: false))
        let sent = PartnerMessageTable.byAction[.resend]?.toLender(change)
        #expect(sent?.action == .notification)
        #expect(sent?.note == "Please send the copy again: pages 4 and 5 are cut off")
    }

    /// Each action that sends a partner a message has exactly one row, and a row that sends nothing is there
    /// because a partner's message asks for its action.
    @Test func everyRowEitherSendsOrIsAskedFor() {
        #expect(PartnerMessageTable.rows.count == PartnerMessageTable.byAction.count)
        let change = PartnerMessageRow.Change(
            arguments: Arguments(), before: Self.state(.sentToLender), after: Self.state(.willSupply),
            actor: ActingParty(userID: nil, name: "x", librarySymbol: "BOR", isTeam: false))
        for row in PartnerMessageTable.rows {
            let sends = row.toBorrower(change) != nil || row.toLender(change) != nil
            let asked =
                row.fromBorrower != nil || SupplierStatus.allCases.contains { row.fromLender(Self.message($0)) }
                || row.action == .answerRenewal
            #expect(sends || asked, "\(row.action)")
        }
    }
}
