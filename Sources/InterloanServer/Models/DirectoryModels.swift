import Fluent
import Foundation
import InterloanCore

/// The consortium itself: one row, whose symbol and ISO 18626 agency id name it to partners.
final class ConsortiumModel: Model, @unchecked Sendable {
    static let schema = "consortium"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "symbol") var symbol: String
    @Field(key: "agency_id_type") var agencyIdType: String
    @Field(key: "agency_id_value") var agencyIdValue: String

    init() {}

    init(name: String, symbol: String, agencyIdType: String, agencyIdValue: String) {
        self.name = name
        self.symbol = symbol
        self.agencyIdType = agencyIdType
        self.agencyIdValue = agencyIdValue
    }
}

/// A region of the state; lists and lender ranking group libraries by it.
final class RegionModel: Model, @unchecked Sendable {
    static let schema = "regions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String

    init() {}

    init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A member library or an external partner, with the loan policy it lends under.
final class LibraryModel: Model, @unchecked Sendable {
    static let schema = "libraries"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "symbol") var symbol: String
    @Field(key: "name") var name: String
    @Field(key: "town") var town: String
    @OptionalParent(key: "region_id") var region: RegionModel?
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "is_member") var isMember: Bool
    @Field(key: "loan_days") var loanDays: Int
    @Field(key: "renewals_allowed") var renewalsAllowed: Bool
    @Field(key: "max_renewals") var maxRenewals: Int
    @OptionalField(key: "courier_route") var courierRoute: String?
    @OptionalField(key: "delivery_days") var deliveryDays: String?
    /// Working days the library has to answer a request before the next lender is asked.
    @Field(key: "response_days") var responseDays: Int
    /// Reminder kinds (`NoticeKind` raw values, comma-separated) the library switched off.
    @Field(key: "notice_opt_outs") var noticeOptOuts: String
    /// Days after a request ends that its patron's identity is kept, when fewer than the consortium's.
    @OptionalField(key: "patron_retention_days") var patronRetentionDays: Int?
    /// How the library's patrons sign in to the portal (`PatronSignIn`); nil is `local`.
    @OptionalField(key: "patron_sign_in") var patronSignIn: String?
    /// `unmediated` when patrons' requests are routed at once; nil when staff check them first.
    @OptionalField(key: "patron_requests") var patronRequests: String?
    /// `forward` when a patron's renewal ask goes to the lender at once; nil when staff forward it.
    @OptionalField(key: "patron_renewals") var patronRenewals: String?
    /// `external` for a library outside the consortium that asked through the out-of-state form: it hears of its
    /// requests by email, as members do. Nil for members and ISO 18626 partners.
    @OptionalField(key: "kind") var kind: String?

    static let externalKind = "external"

    /// DOMAIN.md's default response time, and the choices comparable systems offer.
    static let standardResponseDays = 4
    static let responseDayChoices = [1, 2, 4, 8, 12, 16, 20]

    /// The reminder kinds the library switched off, read from `notice_opt_outs`.
    var reminderOptOuts: Set<NoticeKind> {
        Set(self.noticeOptOuts.split(separator: ",").compactMap { NoticeKind(rawValue: String($0)) })
    }

    init() {}

    init(
        symbol: String, name: String, town: String, regionID: Int?, contactEmail: String, isMember: Bool,
        loanDays: Int, renewalsAllowed: Bool, maxRenewals: Int, courierRoute: String?, deliveryDays: String?
    ) {
        self.symbol = symbol
        self.name = name
        self.town = town
        self.$region.id = regionID
        self.contactEmail = contactEmail
        self.isMember = isMember
        self.loanDays = loanDays
        self.renewalsAllowed = renewalsAllowed
        self.maxRenewals = maxRenewals
        self.courierRoute = courierRoute
        self.deliveryDays = deliveryDays
        self.responseDays = Self.standardResponseDays
        self.noticeOptOuts = ""
    }
}

/// A person who signs in: library staff belong to one library; the team and admins to the consortium.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: StaffRole
    @OptionalParent(key: "library_id") var library: LibraryModel?

    init() {}

    init(email: String, name: String, passwordHash: String, role: StaffRole, libraryID: Int?) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.$library.id = libraryID
    }
}

/// What a user or token may do across the consortium.
enum StaffRole: String, Codable, CaseIterable, Sendable {
    /// Staff of one member library.
    case staff
    /// The consortium's resource sharing team: sees and mediates every request.
    case team
    /// The team, plus managing users and the directory.
    case admin

    var isTeam: Bool { self != .staff }
}

/// A bearer token for the API; only its SHA-256 digest is stored.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "label") var label: String
    @Field(key: "role") var role: StaffRole
    @OptionalParent(key: "library_id") var library: LibraryModel?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tokenHash: String, label: String, role: StaffRole, libraryID: Int?, createdAt: Date) {
        self.tokenHash = tokenHash
        self.label = label
        self.role = role
        self.$library.id = libraryID
        self.createdAt = createdAt
    }
}
