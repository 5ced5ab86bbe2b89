/// How far an item travels from a lender to the borrower, from nearest to farthest.
public enum DeliveryDistance: Int, Comparable, CaseIterable, Sendable {
    case sameRoute
    case sameRegion
    case otherRegion
    case interstate

    public static func < (lhs: DeliveryDistance, rhs: DeliveryDistance) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Where `lender` stands from `borrower`: libraries outside the consortium are interstate.
    public static func between(_ lender: LibraryPlace, _ borrower: LibraryPlace) -> DeliveryDistance {
        guard lender.isMember, borrower.isMember else { return .interstate }
        if let route = lender.courierRoute, route == borrower.courierRoute { return .sameRoute }
        if let region = lender.region, region == borrower.region { return .sameRegion }
        return .otherRegion
    }

    var reason: String {
        switch self {
        case .sameRoute: return "same courier route"
        case .sameRegion: return "same region"
        case .otherRegion: return "another region"
        case .interstate: return "out of state"
        }
    }
}

/// Where a library sits for delivery purposes.
public struct LibraryPlace: Sendable, Equatable {
    public var isMember: Bool
    public var region: String?
    public var courierRoute: String?

    public init(isMember: Bool, region: String?, courierRoute: String?) {
        self.isMember = isMember
        self.region = region
        self.courierRoute = courierRoute
    }
}

/// A library's record as a lender, from the request history.
public struct LendingRecord: Sendable, Equatable {
    /// Requests it shipped as lender, and requests shipped to it as borrower.
    public var lent: Int
    public var borrowed: Int
    /// Times it was asked to lend, and times it agreed to (will supply or shipped).
    public var asked: Int
    public var filled: Int
    /// Mean days from being asked to answering, when it has answered at least once.
    public var averageAnswerDays: Double?

    public init(lent: Int = 0, borrowed: Int = 0, asked: Int = 0, filled: Int = 0, averageAnswerDays: Double? = nil) {
        self.lent = lent
        self.borrowed = borrowed
        self.asked = asked
        self.filled = filled
        self.averageAnswerDays = averageAnswerDays
    }

    public static let none = LendingRecord()
}

/// Everything ranking knows of one possible lender for one request.
public struct LenderFacts: Sendable, Equatable {
    public var symbol: String
    /// Lendable records of the item it holds; zero for a last-resort lender without matching holdings.
    public var copies: Int
    public var availability: LendingStatus
    public var distance: DeliveryDistance
    public var record: LendingRecord

    public init(
        symbol: String, copies: Int, availability: LendingStatus = .all, distance: DeliveryDistance,
        record: LendingRecord = .none
    ) {
        self.symbol = symbol
        self.copies = copies
        self.availability = availability
        self.distance = distance
        self.record = record
    }
}
