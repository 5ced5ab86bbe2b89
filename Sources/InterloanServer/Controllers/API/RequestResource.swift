import Foundation
import InterloanCore
import Vapor

/// A request as the API shows it to one caller: patron details only for the borrower and the team, and the
/// actions this caller may take now, read from the transition table.
struct RequestResource: Content {
    struct Patron: Codable {
        var id: String?
        var name: String?
        var email: String?
    }

    struct Attempt: Codable {
        var symbol: String
        var outcome: String
        var reason: String?
        var note: String?
        var askedAt: String?
        var answeredAt: String?
    }

    struct Journey: Codable {
        var direction: String
        var carrier: String
        var trackingNumber: String?
        var shippedOn: String
        var from: String
        var to: String
        /// From the carrier, the ship date, both libraries' delivery days and the holidays.
        var expectedArrival: String?
    }

    struct RenewalEntry: Codable {
        var requestedOn: String
        var desiredDueDate: String
        var status: String
        var answeredOn: String?
        var newDueDate: String?
        var note: String?
    }

    var id: String
    var status: String
    var serviceType: String
    var version: Int
    var borrower: String
    var currentLender: String?
    var title: String
    var author: String?
    var isbn: String?
    var issn: String?
    var oclcNumber: String?
    var articleTitle: String?
    var journalTitle: String?
    var volume: String?
    var issue: String?
    var pages: String?
    var neededBy: String?
    var notes: String?
    var patron: Patron?
    /// The OpenURL the request was placed from, shown where the patron is.
    var openurl: String?
    /// A copy's terms under copyright, the note `other` needs, its article's date, the journal's electronic ISSN.
    var copyrightCompliance: String?
    var copyrightNote: String?
    var publicationDate: String?
    var eissn: String?
    var dueDate: String?
    var externalRequestId: String?
    var lenders: [Attempt]
    var shipments: [Journey]
    /// When the item on its way now (to the borrower while shipped, back while returned) should arrive.
    var expectedArrival: String?
    var renewals: [RenewalEntry]
    var allowedActions: [String]
    var createdAt: String
    var updatedAt: String

    init(_ stored: StoredRequest, for caller: Caller, delivery: DeliveryEstimator) {
        let row = stored.row
        let state = stored.state
        self.id = stored.number
        self.status = state.status.rawValue
        self.serviceType = state.serviceType.rawValue
        self.version = stored.version
        self.borrower = state.borrower
        self.currentLender = state.currentLender
        self.title = row.title
        self.author = row.author
        self.isbn = row.isbn
        self.issn = row.issn
        self.oclcNumber = row.oclcNumber
        self.articleTitle = row.articleTitle
        self.journalTitle = row.journalTitle
        self.volume = row.volume
        self.issue = row.issue
        self.pages = row.pages
        self.neededBy = row.neededBy
        self.notes = row.notes
        self.copyrightCompliance = row.copyrightCompliance
        self.copyrightNote = row.copyrightNote
        self.publicationDate = row.publicationDate
        self.eissn = row.eissn
        if caller.isTeam || caller.actor.librarySymbol == state.borrower {
            self.patron = Patron(id: row.patronID, name: row.patronName, email: row.patronEmail)
            self.openurl = row.openURL
        }
        self.dueDate = state.dueDate?.description
        self.externalRequestId = row.externalRequestID
        self.lenders = state.lenders.map {
            Attempt(
                symbol: $0.symbol, outcome: $0.outcome.rawValue, reason: $0.reason, note: $0.note,
                askedAt: $0.askedAt.map(Timestamp.string), answeredAt: $0.answeredAt.map(Timestamp.string))
        }
        self.shipments = state.shipments.map {
            Journey(
                direction: $0.direction.rawValue, carrier: $0.carrier.rawValue, trackingNumber: $0.trackingNumber,
                shippedOn: $0.shippedOn.description, from: $0.from, to: $0.to,
                expectedArrival: delivery.arrival(of: $0)?.description)
        }
        self.expectedArrival = delivery.inTransitArrival(state)?.description
        self.renewals = state.renewals.map {
            RenewalEntry(
                requestedOn: $0.requestedOn.description, desiredDueDate: $0.desiredDueDate.description,
                status: $0.status.rawValue, answeredOn: $0.answeredOn?.description,
                newDueDate: $0.newDueDate?.description, note: $0.note)
        }
        self.allowedActions = Lifecycle.allowedActions(in: state, roles: caller.actor.roles(in: state)).map(\.rawValue)
        self.createdAt = Timestamp.string(row.createdAt)
        self.updatedAt = Timestamp.string(stored.updatedAt)
    }

    // Absent values are written as null, so every representation has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.serviceType, forKey: .serviceType)
        try container.encode(self.version, forKey: .version)
        try container.encode(self.borrower, forKey: .borrower)
        try container.encode(self.currentLender, forKey: .currentLender)
        try container.encode(self.title, forKey: .title)
        try container.encode(self.author, forKey: .author)
        try container.encode(self.isbn, forKey: .isbn)
        try container.encode(self.issn, forKey: .issn)
        try container.encode(self.oclcNumber, forKey: .oclcNumber)
        try container.encode(self.articleTitle, forKey: .articleTitle)
        try container.encode(self.journalTitle, forKey: .journalTitle)
        try container.encode(self.volume, forKey: .volume)
        try container.encode(self.issue, forKey: .issue)
        try container.encode(self.pages, forKey: .pages)
        try container.encode(self.neededBy, forKey: .neededBy)
        try container.encode(self.notes, forKey: .notes)
        try container.encodeIfPresent(self.patron, forKey: .patron)
        try container.encodeIfPresent(self.openurl, forKey: .openurl)
        try container.encodeIfPresent(self.copyrightCompliance, forKey: .copyrightCompliance)
        try container.encodeIfPresent(self.copyrightNote, forKey: .copyrightNote)
        try container.encodeIfPresent(self.publicationDate, forKey: .publicationDate)
        try container.encodeIfPresent(self.eissn, forKey: .eissn)
        try container.encode(self.dueDate, forKey: .dueDate)
        try container.encode(self.externalRequestId, forKey: .externalRequestId)
        try container.encode(self.lenders, forKey: .lenders)
        try container.encode(self.shipments, forKey: .shipments)
        try container.encode(self.expectedArrival, forKey: .expectedArrival)
        try container.encode(self.renewals, forKey: .renewals)
        try container.encode(self.allowedActions, forKey: .allowedActions)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.updatedAt, forKey: .updatedAt)
    }
}

/// A page of requests.
struct RequestPage: Content {
    var items: [RequestResource]
    var page: Int
    var per: Int
    var total: Int
}

/// One history entry as the API shows it.
struct EventResource: Content {
    var at: String
    var actor: String
    var library: String
    var action: String
    var from: String?
    var to: String
    var details: [String: String]
}

/// Timestamps on the wire: ISO 8601 in UTC.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension StoredRequest {
    /// The borrower, every library asked to lend (now or before), and the team may see a request.
    func isVisible(to caller: Caller) -> Bool {
        let symbol = caller.actor.librarySymbol
        return caller.isTeam || self.state.borrower == symbol
            || self.state.lenders.contains { $0.symbol == symbol && $0.outcome != .waiting }
    }
}
