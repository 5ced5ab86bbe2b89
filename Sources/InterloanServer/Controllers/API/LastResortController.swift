import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `GET` and `PUT /api/v1/routing/last-resort`: the lenders (members or external partners) that close every
/// automatic lender string, in order; the team sets them, any staff may read them.
struct LastResortController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.lastResort, use: self.show)
        routes.on(.PUT, APIURL.lastResort, use: self.replace)
    }

    struct LastResortList: Content {
        var lenders: [String]
    }

    @Sendable func show(_ request: Request) async throws -> LastResortList {
        _ = try request.caller
        return LastResortList(
            lenders: try await request.application.libraryDirectory.lastResort(on: request.fluentReads).map(\.symbol))
    }

    @Sendable func replace(_ request: Request) async throws -> LastResortList {
        guard try request.caller.isTeam else {
            throw APIError.forbidden("only the consortium team sets the last-resort lenders")
        }
        guard case .array(let items)? = try request.jsonObject()["lenders"] else {
            throw APIError.malformedBody("send {\"lenders\": [\"SYMBOL\", ...]}")
        }
        var symbols: [String] = []
        for item in items {
            guard case .string(let symbol) = item else {
                throw APIError.malformedBody("send {\"lenders\": [\"SYMBOL\", ...]}")
            }
            symbols.append(symbol.uppercased())
        }
        let directory = request.application.libraryDirectory
        var libraries: [LibraryInfo] = []
        var unknown: [String] = []
        for symbol in symbols {
            if let library = try await directory.library(symbol: symbol, on: request.fluentReads) {
                libraries.append(library)
            } else {
                unknown.append(symbol)
            }
        }
        guard unknown.isEmpty else {
            throw APIError.invalidFields([
                FieldError(field: "lenders", message: "not in the directory: \(unknown.joined(separator: ", "))")
            ])
        }
        guard Set(symbols).count == symbols.count else {
            throw APIError.invalidFields([FieldError(field: "lenders", message: "each lender appears once")])
        }
        let rows = libraries.enumerated().map { LastResortRecord(position: $0.offset, libraryID: $0.element.id) }
        try await request.writes.write { sql in
            try await sql.delete(from: LastResortRecord.table).run()
            if !rows.isEmpty { try await sql.insert(into: LastResortRecord.table).rows(rows).run() }
        }
        await directory.invalidate()
        return LastResortList(lenders: libraries.map(\.symbol))
    }
}
