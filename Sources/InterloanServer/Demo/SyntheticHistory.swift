import Foundation
import InterloanCore

/// The whole history of one synthetic request placed at `placed`, for benchmarks over a year of activity: the
/// events the lifecycle would have written up to `now`, the lenders asked and where the request stands after the
/// last event. Most are lent and come back; some are passed on to the second lender, some find no lender and are
/// cancelled, a few are withdrawn; copies are delivered electronically. Steps take hours to days, at random.
struct SyntheticHistory {
    struct Event {
        var at: Date
        /// The action's name (`place` for the placing).
        var action: String
        var from: RequestStatus?
        var to: RequestStatus
        var details: [String: String]
    }

    /// A lender of the string: its library, what came of asking it and when.
    struct Lender {
        var library: Int
        var outcome: LenderAttempt.Outcome
        var reason: String?
        var askedAt: Date?
        var answeredAt: Date?
    }

    private(set) var events: [Event] = []
    private(set) var lenders: [Lender]
    private(set) var status = RequestStatus.sentToLender
    /// The position in `lenders` of the lender asked now; nil once none is.
    private(set) var current: Int? = 0
    private(set) var dueDate: Day?
    private var at: Date
    private let now: Date
    private let symbols: [String]

    private static let reasons = ["NotOnShelf", "NotHeld", "InUse", "NonCirculating", "PolicyProblem"]

    /// `lenders` are the string's two libraries (IDs and symbols).
    init(
        placed: Date, now: Date, serviceType: ServiceType, lenders: [(id: Int, symbol: String)],
        random: inout SeededGenerator
    ) {
        self.at = placed
        self.now = now
        self.symbols = lenders.map(\.symbol)
        self.lenders = lenders.map { Lender(library: $0.id, outcome: .waiting) }
        self.lenders[0].outcome = .asked
        self.lenders[0].askedAt = placed
        let first = self.symbols[0]
        self.events.append(
            Event(
                at: placed, action: "place", from: nil, to: .sentToLender,
                details: [
                    "lenders": self.symbols.joined(separator: ","), "nextLender": first,
                    "serviceType": serviceType.rawValue,
                ]))
        let scenario = Int.random(in: 0..<100, using: &random)
        switch scenario {
        case 0..<70:
            self.supply(by: 0, serviceType: serviceType, random: &random)
        case 70..<85:
            guard self.decline(by: 0, random: &random) else { return }
            self.supply(by: 1, serviceType: serviceType, random: &random)
        case 85..<95:
            guard self.decline(by: 0, random: &random), self.decline(by: 1, random: &random) else { return }
            _ = self.step(.cancel, hours: 2...96, to: .cancelled, details: [:], random: &random)
        default:
            _ = self.step(.cancel, hours: 1...48, to: .cancelled, details: ["lender": first], random: &random)
        }
    }

    /// The step after the last, `hours` later, if that is not after `now`; false when it is (the history ends).
    private mutating func step(
        _ action: Action, hours: ClosedRange<Int>, to status: RequestStatus, details: [String: String],
        random: inout SeededGenerator
    ) -> Bool {
        // Seconds at random within the hours, so durations spread as real ones do.
        let next = self.at.addingTimeInterval(
            Double(Int.random(in: hours.lowerBound * 3_600...hours.upperBound * 3_600, using: &random)))
        guard next <= self.now else { return false }
        self.at = next
        self.events.append(Event(at: next, action: action.rawValue, from: self.status, to: status, details: details))
        self.status = status
        return true
    }

    /// The lender at `position` says no: the next one is asked, or no lender is left.
    private mutating func decline(by position: Int, random: inout SeededGenerator) -> Bool {
        let reason = Self.reasons[Int.random(in: 0..<Self.reasons.count, using: &random)]
        let next = position + 1 < self.lenders.count ? self.symbols[position + 1] : "none"
        let to: RequestStatus = next == "none" ? .needsLender : .sentToLender
        guard
            self.step(
                .unfilled, hours: 2...72, to: to,
                details: ["lender": self.symbols[position], "nextLender": next, "reason": reason], random: &random)
        else { return false }
        self.lenders[position].outcome = .unfilled
        self.lenders[position].reason = reason
        self.lenders[position].answeredAt = self.at
        if next == "none" {
            self.current = nil
        } else {
            self.current = position + 1
            self.lenders[position + 1].outcome = .asked
            self.lenders[position + 1].askedAt = self.at
        }
        return true
    }

    /// The lender at `position` supplies it: a loan goes by courier or mail and comes back; a copy is delivered.
    private mutating func supply(by position: Int, serviceType: ServiceType, random: inout SeededGenerator) {
        let lender = self.symbols[position]
        guard self.step(.willSupply, hours: 1...72, to: .willSupply, details: ["lender": lender], random: &random)
        else { return }
        self.lenders[position].outcome = .willSupply
        self.lenders[position].answeredAt = self.at
        let carrier =
            serviceType == .copy
            ? Carrier.electronic : Int.random(in: 0..<4, using: &random) == 0 ? Carrier.usps : Carrier.courier
        let due = Day(self.at).adding(days: 28 + Int.random(in: 0...2, using: &random))
        var shipping = ["lender": lender, "carrier": carrier.rawValue]
        if serviceType == .loan { shipping["dueDate"] = due.description }
        guard self.step(.ship, hours: 2...48, to: .shipped, details: shipping, random: &random) else { return }
        self.lenders[position].outcome = .shipped
        if serviceType == .loan { self.dueDate = due }
        let transit = carrier == .electronic ? 1...6 : 20...120
        let received: RequestStatus = serviceType == .loan ? .received : .completed
        guard self.step(.receive, hours: transit, to: received, details: ["lender": lender], random: &random),
            serviceType == .loan,
            self.step(
                .returnShip, hours: 24 * 7...24 * 30, to: .returned,
                details: ["lender": lender, "carrier": carrier.rawValue], random: &random)
        else { return }
        _ = self.step(.checkIn, hours: 20...120, to: .completed, details: ["lender": lender], random: &random)
    }
}
