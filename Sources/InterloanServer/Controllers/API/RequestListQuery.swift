import Fluent
import InterloanCore
import Vapor

/// The filters of `GET /api/v1/requests`, checked so a wrong one is a 422 that names it.
struct RequestListQuery {
    enum Side: String {
        case borrowing
        case lending
    }

    var side: Side?
    var statuses: [RequestStatus]
    var text: String?
    var library: String?
    var page: Int
    var per: Int
    let caller: Caller

    init(_ query: URLQueryContainer, caller: Caller) throws {
        self.caller = caller
        var errors: [FieldError] = []
        let side = query[String.self, at: "side"]
        self.side = side.flatMap(Side.init)
        if side != nil && self.side == nil {
            errors.append(FieldError(field: "side", message: "must be borrowing or lending"))
        }
        self.statuses = []
        if let statuses = query[String.self, at: "status"] {
            for name in statuses.split(separator: ",", omittingEmptySubsequences: false) {
                if let status = RequestStatus(rawValue: String(name)) {
                    self.statuses.append(status)
                } else {
                    errors.append(FieldError(field: "status", message: "\(name) is no status"))
                }
            }
        }
        self.text = query[String.self, at: "q"].flatMap { $0.isEmpty ? nil : $0 }
        self.library = query[String.self, at: "library"].flatMap(LibrarySymbol.normalize)
        self.page = NumberParameter.page.read(from: query, into: &errors)
        self.per = NumberParameter.per.read(from: query, into: &errors)
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
    }

    /// The filtered listing: staff see their own borrowing and the requests ever addressed to them as lender.
    func listing(directory: LibraryDirectory, on database: any Database) async throws -> RequestListing {
        var listing = RequestListing(statuses: self.statuses.map(\.rawValue))
        var libraryID = self.caller.libraryID
        if self.caller.isTeam, let symbol = self.library {
            // An unknown symbol matches nothing rather than everything.
            libraryID = try await directory.library(symbol: symbol, on: database)?.id ?? -1
        }
        if let libraryID, !self.caller.isTeam || self.library != nil {
            switch self.side {
            case .borrowing?: listing.borrowerID = libraryID
            case .lending?: listing.askedLibraryID = libraryID
            case nil: listing.involvingLibraryID = libraryID
            }
        } else if self.side == .lending {
            // The team's side without a library is the whole consortium's: every request is someone's borrowing,
            // and the lending is what was ever asked of a lender.
            listing.askedOfAnyLender = true
        }
        if let text = self.text { listing.search = .init(text: text, patronsOf: .none) }
        return listing
    }
}
