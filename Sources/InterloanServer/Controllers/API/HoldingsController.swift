import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `GET /api/v1/holdings?isbn=...|issn=...|oclc=...|q=...`: the libraries that hold an item.
struct HoldingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("holdings", use: self.search)
    }

    /// One library holding the item.
    struct Holder: Content {
        var symbol: String
        var name: String
        var title: String?
        var author: String?
        var callNumber: String?
        var lendable: Bool
        /// Holdings of this library that match (copies catalogued as separate records count each).
        var records: Int
    }

    struct Result: Content {
        var matchKey: String
        var holders: [Holder]
    }

    @Sendable func search(_ request: Request) async throws -> Result {
        let (key, isPrefix) = try Self.matchKey(request.query)
        let match =
            isPrefix
            ? .prefix(key)
            : HoldingKeyMatch.exactly([key], filters: try await request.application.holdingFilters.current(on: request.db))
        guard let query = match.holdersQuery else { return Result(matchKey: key, holders: []) }
        let rows = try await request.sql.raw(query).all()
        var holders: [Holder] = []
        for row in rows {
            let libraryID = try row.decode(column: "library_id", as: Int.self)
            guard let library = try await request.application.libraryDirectory.library(id: libraryID, on: request.db)
            else { continue }
            holders.append(
                Holder(
                    symbol: library.symbol, name: library.name, title: try row.decode(column: "title", as: String?.self),
                    author: try row.decode(column: "author", as: String?.self),
                    callNumber: try row.decode(column: "call_number", as: String?.self),
                    lendable: try row.decode(column: "lendable", as: Int.self) != 0,
                    records: try row.decode(column: "records", as: Int.self)))
        }
        return Result(matchKey: key, holders: holders.sorted { $0.symbol < $1.symbol })
    }

    /// The match key asked for, and whether it is a prefix (`q` matches the start of title keys).
    static func matchKey(_ query: URLQueryContainer) throws -> (String, Bool) {
        let given = ["isbn", "issn", "oclc", "q"].compactMap { name in
            (try? query.get(String.self, at: name)).map { (name, $0) }
        }
        guard given.count == 1, let (name, value) = given.first else {
            throw APIError.invalidFields([
                FieldError(field: "query", message: "give exactly one of isbn, issn, oclc or q")
            ])
        }
        let key: String?
        switch name {
        case "isbn": key = MatchKeys.isbn(value).map { "isbn:" + $0 }
        case "issn": key = MatchKeys.issn(value).map { "issn:" + $0 }
        case "oclc": key = MatchKeys.oclc(value).map { "oclc:" + $0 }
        default:
            key = MatchKeys.titleAuthor(title: value, author: nil).map { "ta:" + $0.dropLast() }
        }
        guard let key else {
            throw APIError.invalidFields([FieldError(field: name, message: "'\(value)' is no \(name == "q" ? "title" : name.uppercased())")])
        }
        return (key, name == "q")
    }
}
