import Foundation
import Testing

@testable import InterloanCore

/// Which lifecycle changes send which notice to whom, and how notices read.
struct NoticeTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
    let borrower = ActingParty(userID: 1, name: "Borrowing staff", librarySymbol: "BOR", isTeam: false)
    let lender = ActingParty(userID: 2, name: "Lending staff", librarySymbol: "LEN", isTeam: false)

    func run(_ action: Action, _ values: [String: ArgumentValue] = [:], on state: RequestState, by actor: ActingParty)
        throws -> (RequestState, [Notice])
    {
        let arguments = Arguments(values)
        let after = try Lifecycle.perform(action, arguments: arguments, on: state, by: actor, at: self.now).state
        let notices = NoticePlanner.notices(
            action: action, arguments: arguments, before: state, after: after, actor: actor, requestNumber: "IL-TEST",
            title: "A <b>bold</b> history")
        return (after, notices)
    }

    func received() throws -> RequestState {
        var state = try Lifecycle.place(serviceType: .loan, borrower: "BOR", lenders: ["LEN"], at: self.now).state
        state = try self.run(.willSupply, on: state, by: self.lender).0
        let (shipped, notices) = try self.run(
            .ship, ["carrier": .text("usps"), "trackingNumber": .text("9400 1"), "dueDate": .date(Day("2026-12-28")!)],
            on: state, by: self.lender)
        #expect(notices.map(\.kind) == [.shipped])
        #expect(notices.first?.recipient == "BOR")
        #expect(notices.first?.trackingNumber == "9400 1")
        #expect(notices.first?.dueDate == Day("2026-12-28"))
        return try self.run(.receive, on: shipped, by: self.borrower).0
    }

    @Test func theBorrowerHearsTheRenewalDecisionEitherWay() throws {
        var state = try self.received()
        state = try self.run(.renew, ["desiredDueDate": .date(Day("2027-01-25")!)], on: state, by: self.borrower).0
        let (_, approved) = try self.run(
            .answerRenewal, ["approve": .boolean(true), "dueDate": .date(Day("2027-01-20")!)], on: state,
            by: self.lender)
        #expect(approved.map(\.kind) == [.renewalApproved])
        #expect(approved.first?.recipient == "BOR")
        #expect(approved.first?.otherLibrary == "LEN")
        #expect(approved.first?.dueDate == Day("2027-01-20"))

        let (_, denied) = try self.run(
            .answerRenewal, ["approve": .boolean(false), "note": .text("Needed for a class")], on: state,
            by: self.lender)
        #expect(denied.map(\.kind) == [.renewalDenied])
        #expect(denied.first?.note == "Needed for a class")
        #expect(denied.first?.dueDate == Day("2026-12-28"))
    }

    @Test func anExhaustedStringTellsTheBorrowerWithTheLastAnswer() throws {
        let state = try Lifecycle.place(serviceType: .loan, borrower: "BOR", lenders: ["LEN"], at: self.now).state
        let (after, notices) = try self.run(
            .unfilled, ["reason": .text("NotHeld"), "note": .text("Missing on shelf")], on: state, by: self.lender)
        #expect(after.status == .needsLender)
        #expect(notices.map(\.kind) == [.unfilledNeedsLender])
        #expect(notices.first?.note == "LEN: NotHeld: Missing on shelf")
    }

    @Test func aCancellationTellsTheOtherPartyOnly() throws {
        let state = try Lifecycle.place(serviceType: .loan, borrower: "BOR", lenders: ["LEN"], at: self.now).state
        let (_, notices) = try self.run(.cancel, ["reason": .text("Patron found a copy")], on: state, by: self.borrower)
        #expect(notices.map(\.recipient) == ["LEN"])
        #expect(notices.first?.kind == .cancelled)
        #expect(notices.first?.note == "Patron found a copy")
    }

    @Test func answersThatChangeNothingForTheBorrowerSendNothing() throws {
        let state = try Lifecycle.place(serviceType: .loan, borrower: "BOR", lenders: ["LEN", "LEN2"], at: self.now)
            .state
        #expect(try self.run(.willSupply, on: state, by: self.lender).1.isEmpty)
        // An unfilled answer with another lender to ask moves on quietly.
        #expect(try self.run(.unfilled, ["reason": .text("NotHeld")], on: state, by: self.lender).1.isEmpty)
    }

    @Test func aNoticeNamesTheRequestInItsSubjectAndEscapesItsHTML() throws {
        var notice = Notice(
            kind: .renewalDenied, requestNumber: "IL-5F3DDC", title: "Rivers <script>alert(1)</script>",
            recipient: "BOR")
        notice.otherLibrary = "LEN"
        notice.note = "Ask again in \"spring\" & summer"
        let mail = NoticeTemplates.render(notice, consortium: "Commonwealth Libraries")
        #expect(mail.subject == "[IL-5F3DDC] Renewal denied: Rivers <script>alert(1)</script>")
        #expect(mail.text.contains("The lender's note: Ask again in \"spring\" & summer"))
        #expect(!mail.html.contains("<script>"))
        #expect(mail.html.contains("Rivers &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(mail.html.contains("&quot;spring&quot; &amp; summer"))
        #expect(mail.text.contains("\r\n"))
    }

    @Test func onlyRemindersCanBeSwitchedOff() {
        #expect(Set(NoticeKind.reminders) == [.notReceived, .pleaseUpdate, .overdue, .notCheckedIn, .claimWindowOpen])
        #expect(!NoticeKind.renewalApproved.isReminder && !NoticeKind.renewalDenied.isReminder)
    }
}
