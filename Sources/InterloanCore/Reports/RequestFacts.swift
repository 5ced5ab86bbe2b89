import Foundation

/// What the reports need to know of one request, folded from its history in order: when each leg began and
/// ended, who was asked, who declined and why, who supplied it and how it travelled.
public struct RequestFacts: Sendable, Equatable, Codable {
    /// How a request stands for the fill rate.
    public enum Outcome: String, Sendable, CaseIterable {
        /// A lender shipped it (whatever happened after).
        case filled
        /// It ended unshipped with no lender left to ask: every lender asked declined or let its time pass.
        case unfilled
        /// It ended unshipped while lenders were still being asked or before any was: withdrawn by the borrower.
        case cancelled
        /// Not ended yet.
        case inFlight
    }

    /// A lender's "no", with the lender's place among those asked (1 for the first).
    public struct Decline: Sendable, Equatable, Codable {
        public var lender: String
        /// An ISO 18626 reason code, or `noAnswer` when the lender let its response time pass.
        public var reason: String
        public var position: Int
    }

    public var requestID: Int
    public var borrower: String
    public var serviceType: ServiceType
    public var placedAt: Date
    /// The title asked for, and for a copy the journal (or book) it is in.
    public var title = ""
    public var journal: String?
    /// The lenders asked, in the order they were asked.
    public var asked: [String] = []
    /// When each lender was first asked, and first answered (will supply, conditions, or unfilled).
    public var askedAt: [String: Date] = [:]
    public var answeredAt: [String: Date] = [:]
    /// The loan's due date in force: set when it shipped, by the lender's ILS, or by an approved renewal.
    public var dueDate: Day?
    /// The due date in force when the borrower shipped the loan back.
    public var dueDateAtReturn: Day?
    public var declines: [Decline] = []
    /// The first lender's answer of any kind: will supply, conditions, or unfilled.
    public var firstAnswerAt: Date?
    /// The last agreement to supply before it shipped (a lender's yes, or the borrower's yes to conditions).
    public var agreedAt: Date?
    public var supplier: String?
    public var shippedAt: Date?
    public var carrier: String?
    public var receivedAt: Date?
    /// When the borrower shipped the loan back.
    public var returnedAt: Date?
    public var checkedInAt: Date?
    public var endedAt: Date?
    /// The status it was in just before it ended; `needsLender` means no lender was left.
    public var endedFrom: RequestStatus?

    public init(requestID: Int, borrower: String, serviceType: ServiceType, placedAt: Date) {
        self.requestID = requestID
        self.borrower = borrower
        self.serviceType = serviceType
        self.placedAt = placedAt
    }

    /// The facts of a request from its whole history, oldest entry first.
    public static func fold(
        _ history: [HistoryEntry], requestID: Int, borrower: String, serviceType: ServiceType, placedAt: Date
    ) -> RequestFacts {
        var facts = RequestFacts(requestID: requestID, borrower: borrower, serviceType: serviceType, placedAt: placedAt)
        for entry in history { facts.apply(entry) }
        return facts
    }

    public var outcome: Outcome {
        if self.shippedAt != nil { return .filled }
        guard self.endedAt != nil else { return .inFlight }
        return self.endedFrom == .needsLender ? .unfilled : .cancelled
    }

    /// Adds one history entry, which must be later than every entry added before.
    public mutating func apply(_ entry: HistoryEntry) {
        if entry.action == "place" { self.placedAt = entry.at }
        let lender = entry.details["lender"]
        switch entry.action {
        case Action.willSupply.rawValue, Action.conditional.rawValue, Action.unfilled.rawValue:
            if self.firstAnswerAt == nil { self.firstAnswerAt = entry.at }
            if let lender, self.answeredAt[lender] == nil { self.answeredAt[lender] = entry.at }
        default: break
        }
        let setsDueDate =
            entry.action == Action.ship.rawValue || entry.action == "ilsDueDate"
            || (entry.action == Action.answerRenewal.rawValue && entry.details["approve"] == "true")
        if setsDueDate, let due = entry.details["dueDate"].flatMap(Day.init) { self.dueDate = due }
        switch entry.action {
        case Action.willSupply.rawValue, Action.acceptConditions.rawValue:
            if self.shippedAt == nil { self.agreedAt = entry.at }
        case Action.unfilled.rawValue, Action.noAnswer.rawValue:
            if let lender {
                let reason = entry.action == Action.noAnswer.rawValue ? "noAnswer" : entry.details["reason"] ?? "Other"
                let position = (self.asked.lastIndex(of: lender) ?? self.asked.count) + 1
                self.declines.append(Decline(lender: lender, reason: reason, position: position))
            }
        case Action.ship.rawValue where self.shippedAt == nil:
            self.shippedAt = entry.at
            self.supplier = lender
            self.carrier = entry.details["carrier"]
        case Action.receive.rawValue where self.receivedAt == nil:
            self.receivedAt = entry.at
        case Action.returnShip.rawValue where self.returnedAt == nil:
            self.returnedAt = entry.at
            self.dueDateAtReturn = self.dueDate
        case Action.checkIn.rawValue where self.checkedInAt == nil:
            self.checkedInAt = entry.at
        default: break
        }
        // Every move to a lender names it, from placing on: the order of these is the order of asking.
        if let next = entry.details["nextLender"], next != "none" {
            self.asked.append(next)
            if self.askedAt[next] == nil { self.askedAt[next] = entry.at }
        }
        if entry.to.isFinal, entry.from.map({ !$0.isFinal }) ?? true {
            self.endedAt = entry.at
            self.endedFrom = entry.from
        }
    }
}
