import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `GET /api/v1/holdings?isbn=...|issn=...|oclc=...|q=...`: the libraries that hold an item.
struct HoldingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.holdings, use: self.search)
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
            : HoldingKeyMatch.exactly(
                [key], filters: try await request.application.holdingFilters.current(on: request.fluentReads))
        let sql = request.reads
        // At most 200 holders, each shown with its first matching record.
        let found = try await match.entries(on: sql).sorted { $0.key < $1.key }.prefix(200)
        let shown = try await HoldingBlockStore.recordValues(
            Dictionary(uniqueKeysWithValues: found.map { ($0.key, $0.value.map(\.record).min()!) }), on: sql)
        var holders: [Holder] = []
        for (libraryID, entries) in found {
            guard
                let library = try await request.application.libraryDirectory.library(
                    id: libraryID, on: request.fluentReads)
            else { continue }
            let record = shown[libraryID]
            holders.append(
                Holder(
                    symbol: library.symbol, name: library.name, title: record?.title, author: record?.author,
                    callNumber: record?.callNumber, lendable: entries.contains(where: \.lendable),
                    records: Set(entries.map(\.record)).count))
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
            throw APIError.invalidFields([
                FieldError(field: name, message: "'\(value)' is no \(name == "q" ? "title" : name.uppercased())")
            ])
        }
        return (key, name == "q")
    }
}
