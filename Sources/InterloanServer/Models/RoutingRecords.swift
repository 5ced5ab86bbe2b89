import Foundation

/// A row of `lending_availability`: one declaration, never changed once written, so the table is the history.
struct AvailabilityRecord: StoredRow {
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

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("library_id", \.libraryID), .text("status", \.status), .text("reason", \.reason),
        .text("from_day", \.fromDay), .text("until_day", \.untilDay), .date("declared_at", \.declaredAt),
        .text("declared_by", \.declaredBy),
    ]

    static var unread: Self { Self(libraryID: 0, status: "", declaredAt: .distantPast, declaredBy: "") }
}

/// A row of `last_resort_lenders`: the libraries that close every automatic lender string, in order.
struct LastResortRecord: StoredRow {
    static let table = "last_resort_lenders"

    var position: Int
    var libraryID: Int

    static let columns: [Column<Self>] = [.int("position", \.position), .int("library_id", \.libraryID)]

    static var unread: Self { Self(position: 0, libraryID: 0) }
}
