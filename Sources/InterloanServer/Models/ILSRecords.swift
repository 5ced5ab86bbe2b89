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

/// One NCIP call to a library's ILS, written in the transaction of the action that causes it and made by
/// `ILSOutbox` after the commit, in order per request.
struct ILSCallRecord: StoredRow {
    static let table = "ils_calls"

    /// Where a call is in its life.
    enum State: String, Codable, Sendable, CaseIterable {
        /// Not made yet, or to be tried again at `nextAttemptAt` after the ILS could not be reached.
        case pending
        /// The ILS did it, or had done it already.
        case done
        /// The ILS answered with a problem, or could not be reached after every attempt: staff retry or skip it,
        /// and the request's later calls wait until they do.
        case problem
        /// Staff chose to go on without it.
        case skipped
    }

    var id: Int?
    var requestID: Int
    /// The library whose ILS is called.
    var libraryID: Int
    /// The NCIP service (`LookupUser`, `AcceptItem`, ...).
    var service: String
    var patronID: String?
    var itemBarcode: String?
    var title: String?
    var author: String?
    var dateForReturn: Date?
    var pickupLocation: String?
    var state: State
    var attempts: Int
    var nextAttemptAt: Date
    var claimedUntil: Date?
    /// The message as sent and the answer as received, the secret masked.
    var sent: String?
    var received: String?
    /// Why the call is not done: the ILS's problem, or why it could not be reached.
    var problem: String?
    var createdAt: Date
    var finishedAt: Date?

    static let columns: [Column<Self>] = [
        .int("id", \.id), .int("request_id", \.requestID), .int("library_id", \.libraryID),
        .text("service", \.service), .text("patron_id", \.patronID), .text("item_barcode", \.itemBarcode),
        .text("title", \.title), .text("author", \.author), .date("date_for_return", \.dateForReturn),
        .text("pickup_location", \.pickupLocation), .text("state", \.state), .int("attempts", \.attempts),
        .date("next_attempt_at", \.nextAttemptAt), .date("claimed_until", \.claimedUntil), .text("sent", \.sent),
        .text("received", \.received), .text("problem", \.problem), .date("created_at", \.createdAt),
        .date("finished_at", \.finishedAt),
    ]

    static var unread: Self {
        Self(
            requestID: 0, libraryID: 0, service: "", state: .pending, attempts: 0, nextAttemptAt: .distantPast,
            createdAt: .distantPast)
    }
}
