import Foundation

/// A row of `lending_availability`: one declaration, never changed once written, so the table is the history.
struct AvailabilityRecord: Codable, Sendable {
    static let table = "lending_availability"

    var id: Int?
    var libraryID: Int
    var status: String
    var reason: String?
    var fromDay: String?
    var untilDay: String?
    var declaredAt: Date
    /// The name of the person (or "Interloan") who declared it, shown in the history.
    var declaredBy: String

    enum CodingKeys: String, CodingKey {
        case id, status, reason
        case libraryID = "library_id"
        case fromDay = "from_day"
        case untilDay = "until_day"
        case declaredAt = "declared_at"
        case declaredBy = "declared_by"
    }
}

/// A row of `last_resort_lenders`: the libraries that close every automatic lender string, in order.
struct LastResortRecord: Codable, Sendable {
    static let table = "last_resort_lenders"

    var position: Int
    var libraryID: Int

    enum CodingKeys: String, CodingKey {
        case position
        case libraryID = "library_id"
    }
}
