import Foundation

/// A library's connection to its own circulation system (its ILS): one row per library that set one.
struct ILSConnectionRecord: StoredRow {
    static let table = "ils_connections"

    var id: Int?
    var libraryID: Int
    /// `ncip`, or `none` when the library keeps its connection written down but switched off.
    var protocolName: String
    var endpoint: String?
    var fromAgencyID: String?
    var toAgencyID: String?
    /// The secret the ILS expects in `FromAgencyAuthentication`. Kept as given, because it is sent with every
    /// call; never returned by the API, shown or logged.
    var authentication: String?
    var applicationProfileType: String?
    /// The ILS patron a lending library's items are checked out to while on loan elsewhere.
    var lendingPatronID: String?
    /// The calls switched on, as their names separated by commas.
    var events: String
    var updatedAt: Date
    var updatedBy: String

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("library_id", \.libraryID), .text("protocol_name", \.protocolName),
        .text("endpoint", \.endpoint), .text("from_agency_id", \.fromAgencyID), .text("to_agency_id", \.toAgencyID),
        .text("authentication", \.authentication), .text("application_profile_type", \.applicationProfileType),
        .text("lending_patron_id", \.lendingPatronID), .text("events", \.events), .date("updated_at", \.updatedAt),
        .text("updated_by", \.updatedBy),
    ]

    static var unread: Self {
        Self(libraryID: 0, protocolName: "", events: "", updatedAt: .distantPast, updatedBy: "")
    }
}
