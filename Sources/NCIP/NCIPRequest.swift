import Foundation

/// The NCIP 2.02 services Interloan calls on a library's circulation system (its ILS).
public enum NCIPService: String, Sendable, CaseIterable, Codable {
    case lookupUser = "LookupUser"
    case acceptItem = "AcceptItem"
    case checkOutItem = "CheckOutItem"
    case checkInItem = "CheckInItem"
    case deleteItem = "DeleteItem"

    /// The element of this service's response.
    public var responseName: String { self.rawValue + "Response" }
}

/// Who sends a message to whom: every request opens with it.
public struct NCIPHeader: Sendable, Equatable {
    public var fromAgencyId: String
    public var toAgencyId: String
    /// The shared secret some ILSs expect in `FromAgencyAuthentication`; never shown or logged.
    public var authentication: String?
    /// The profile some ILSs use to choose their behaviour (`ApplicationProfileType`).
    public var applicationProfileType: String?

    public init(
        fromAgencyId: String, toAgencyId: String, authentication: String? = nil, applicationProfileType: String? = nil
    ) {
        self.fromAgencyId = fromAgencyId
        self.toAgencyId = toAgencyId
        self.authentication = authentication
        self.applicationProfileType = applicationProfileType
    }
}

/// The temporary item a borrowing library's ILS creates for an item that arrived, with a hold for the patron.
public struct NCIPAcceptedItem: Sendable, Equatable {
    /// The interlibrary loan request's id, also the temporary item's barcode.
    public var requestId: String
    public var itemBarcode: String
    public var patronId: String
    public var title: String
    public var author: String?
    /// When the lender wants the item back.
    public var dateForReturn: Date?
    public var pickupLocation: String?

    public init(
        requestId: String, itemBarcode: String, patronId: String, title: String, author: String? = nil,
        dateForReturn: Date? = nil, pickupLocation: String? = nil
    ) {
        self.requestId = requestId
        self.itemBarcode = itemBarcode
        self.patronId = patronId
        self.title = title
        self.author = author
        self.dateForReturn = dateForReturn
        self.pickupLocation = pickupLocation
    }
}

/// One call to an ILS.
public enum NCIPRequest: Sendable, Equatable {
    /// The patron's name, email and blocks.
    case lookupUser(patronId: String)
    /// The same, for the patron whose barcode and PIN these are: the ILS answers only if they match.
    case authenticateUser(barcode: String, pin: String)
    /// A temporary item for an item that arrived, on hold for the patron.
    case acceptItem(NCIPAcceptedItem)
    /// A lending library's item checked out to the patron that stands for interlibrary loan.
    case checkOutItem(patronId: String, itemBarcode: String, requestId: String?)
    /// An item back on the shelf (lending), or a temporary item gone back (borrowing).
    case checkInItem(itemBarcode: String)
    /// A temporary item removed, its request cancelled after it arrived.
    case deleteItem(itemBarcode: String)

    public var service: NCIPService {
        switch self {
        case .lookupUser, .authenticateUser: .lookupUser
        case .acceptItem: .acceptItem
        case .checkOutItem: .checkOutItem
        case .checkInItem: .checkInItem
        case .deleteItem: .deleteItem
        }
    }
}
