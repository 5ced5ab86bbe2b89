import Foundation
import Testing

@testable import InterloanCore

/// Which change emails the patron, and what the email says: the patron's own library, never the lender.
struct PatronNoticeTests {
    static let now = Date(timeIntervalSince1970: 1_796_040_000)

    static func state(_ status: RequestStatus, _ change: (inout RequestState) -> Void = { _ in }) -> RequestState {
        var state = RequestState(
            status: status, serviceType: .loan, borrower: "BOR",
            lenders: [LenderAttempt(symbol: "LEN", outcome: .asked)], currentLenderIndex: 0,
            dueDate: Day("2026-12-28"))
        change(&state)
        return state
    }

    @Test func eachChangeAPatronCaresAboutSendsOneKind() {
        let received = Self.state(.received)
        #expect(PatronNotice.kind(action: nil, before: nil, after: Self.state(.submitted)) == .placed)
        #expect(
            PatronNotice.kind(action: .ship, before: Self.state(.willSupply), after: Self.state(.shipped)) == .onItsWay)
        #expect(PatronNotice.kind(action: .receive, before: Self.state(.shipped), after: received) == .readyForPickup)
        #expect(
            PatronNotice.kind(action: .willSupply, before: Self.state(.sentToLender), after: Self.state(.willSupply))
                == nil)
        let asked = Self.state(.renewalRequested) {
            $0.renewals = [Renewal(requestedOn: Day("2026-12-01")!, desiredDueDate: Day("2027-01-20")!)]
        }
        let denied = Self.state(.received) {
            $0.renewals = [
                Renewal(requestedOn: Day("2026-12-01")!, desiredDueDate: Day("2027-01-20")!, status: .denied)
            ]
        }
        #expect(PatronNotice.kind(action: .answerRenewal, before: asked, after: denied) == .renewalDenied)
        let unfilled = Self.state(.cancelled) {
            $0.lenders[0].outcome = .unfilled
            $0.lenders[0].reason = "NotOnShelf"
        }
        #expect(PatronNotice.kind(action: .cancel, before: Self.state(.needsLender), after: unfilled) == .notAvailable)
        #expect(
            PatronNotice.kind(action: .cancel, before: Self.state(.sentToLender), after: Self.state(.cancelled))
                == .cancelled)
        #expect(PatronWording.notAvailableReason(unfilled) == "not on shelf")
        #expect(
            PatronNoticeKind.allCases.filter(\.isDecision) == [
                .renewalApproved, .renewalDenied, .notAvailable, .cancelled,
            ])
    }

    @Test func theEmailNamesThePatronsLibraryAndEscapesTheTitle() {
        var notice = PatronNotice(
            kind: .readyForPickup, requestNumber: "IL-7Q2", title: "Tides & <Currents>", serviceType: .loan,
            library: "Alder Falls Public Library")
        notice.dueDate = Day("2026-12-28")
        let mail = notice.render(consortium: "State Library Consortium")
        #expect(mail.subject == "Ready for pickup: Tides & <Currents>")
        #expect(mail.text.contains("The item is waiting for you at Alder Falls Public Library.\r\n"))
        #expect(mail.text.contains("It is due back on 2026-12-28."))
        #expect(mail.html.contains("Tides &amp; &lt;Currents&gt;"))
        #expect(!mail.html.contains("<Currents>"))
    }
}
