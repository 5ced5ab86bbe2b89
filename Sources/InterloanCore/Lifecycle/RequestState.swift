import Foundation

/// The part of a request that the lifecycle reads and changes; bibliographic data and the patron live elsewhere.
public struct RequestState: Sendable, Equatable {
    public var status: RequestStatus
    public var serviceType: ServiceType
    /// The symbol of the library that placed the request.
    public var borrower: String
    /// The lender string, in the order lenders are asked.
    public var lenders: [LenderAttempt]
    /// Index into `lenders` of the library asked now, if any.
    public var currentLenderIndex: Int?
    public var dueDate: Day?
    public var shipments: [Shipment]
    public var renewals: [Renewal]
    /// The current lender's renewal policy; the store fills it in from the directory.
    public var lenderPolicy: LoanPolicy
    /// Whether the current lender's ILS checks shipped items out and answers with their due date, so a loan
    /// shipped with an item barcode may leave the due date to it. Not stored: the server fills it in before an
    /// action from the lender's connection.
    public var lenderILSSetsDueDate = false

    public init(
        status: RequestStatus, serviceType: ServiceType, borrower: String, lenders: [LenderAttempt] = [],
        currentLenderIndex: Int? = nil, dueDate: Day? = nil, shipments: [Shipment] = [], renewals: [Renewal] = [],
        lenderPolicy: LoanPolicy = .standard
    ) {
        self.status = status
        self.serviceType = serviceType
        self.borrower = borrower
        self.lenders = lenders
        self.currentLenderIndex = currentLenderIndex
        self.dueDate = dueDate
        self.shipments = shipments
        self.renewals = renewals
        self.lenderPolicy = lenderPolicy
    }

    /// The library asked to lend now.
    public var currentLender: String? {
        self.currentLenderIndex.map { self.lenders[$0].symbol }
    }

    /// Renewals the lender has granted so far.
    public var approvedRenewals: Int {
        self.renewals.filter { $0.status == .approved }.count
    }

    /// The renewal waiting for the lender's answer.
    public var pendingRenewalIndex: Int? {
        self.renewals.lastIndex { $0.status == .pending }
    }
}

/// How long a lender lends and whether it renews; set by each library.
public struct LoanPolicy: Sendable, Equatable, Codable {
    public var loanDays: Int
    public var renewalsAllowed: Bool
    public var maxRenewals: Int

    public init(loanDays: Int, renewalsAllowed: Bool, maxRenewals: Int) {
        self.loanDays = loanDays
        self.renewalsAllowed = renewalsAllowed
        self.maxRenewals = maxRenewals
    }

    public static let standard = LoanPolicy(loanDays: 28, renewalsAllowed: true, maxRenewals: 1)
}

/// One library in the lender string and how it answered.
public struct LenderAttempt: Sendable, Equatable {
    /// What became of asking one lender.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Further down the string, not asked yet.
        case waiting
        case asked
        case willSupply
        case conditional
        case conditionsRejected
        case unfilled
        /// The lender let its response time pass without answering.
        case noAnswer
        /// The team took the request away from this lender.
        case withdrawn
        case shipped
        case cancelled
    }

    public var symbol: String
    public var outcome: Outcome
    public var reason: String?
    public var note: String?
    public var askedAt: Date?
    public var answeredAt: Date?

    public init(
        symbol: String, outcome: Outcome = .waiting, reason: String? = nil, note: String? = nil, askedAt: Date? = nil,
        answeredAt: Date? = nil
    ) {
        self.symbol = symbol
        self.outcome = outcome
        self.reason = reason
        self.note = note
        self.askedAt = askedAt
        self.answeredAt = answeredAt
    }
}

/// The item travelling one way: to the borrower (`forward`) or back to the lender (`return`).
public struct Shipment: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable {
        case forward
        case `return`
    }

    public var direction: Direction
    public var carrier: Carrier
    public var trackingNumber: String?
    public var shippedOn: Day
    /// Symbols of the sending and the receiving library.
    public var from: String
    public var to: String

    public init(
        direction: Direction, carrier: Carrier, trackingNumber: String?, shippedOn: Day, from: String, to: String
    ) {
        self.direction = direction
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.shippedOn = shippedOn
        self.from = from
        self.to = to
    }
}

/// A borrower's request for a later due date and the lender's answer.
public struct Renewal: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending
        case approved
        case denied
        /// The item went back, or was recalled, before the lender answered.
        case withdrawn
    }

    public var requestedOn: Day
    public var desiredDueDate: Day
    public var status: Status
    public var answeredOn: Day?
    public var newDueDate: Day?
    public var note: String?

    public init(
        requestedOn: Day, desiredDueDate: Day, status: Status = .pending, answeredOn: Day? = nil,
        newDueDate: Day? = nil,
        note: String? = nil
    ) {
        self.requestedOn = requestedOn
        self.desiredDueDate = desiredDueDate
        self.status = status
        self.answeredOn = answeredOn
        self.newDueDate = newDueDate
        self.note = note
    }
}
