import Foundation
import InterloanCore
import Vapor

/// `GET /api/v1/libraries/{symbol}/copyright?year=YYYY`: a library's copyright report for a calendar year (this
/// year by default); its own staff and the team only.
struct CopyrightController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.libraryCopyright(.key), use: self.report)
    }

    @Sendable func report(_ request: Request) async throws -> CopyrightReport {
        let caller = try request.caller
        let library = try await Self.library(request, caller: caller)
        let year =
            try NumberParameter.year.readIfPresent(from: request.query)
            ?? Day(request.application.clock.now()).year
        return try await CopyrightReport.make(
            library: library, year: year, rules: request.application.copyrightRules, on: request.reads)
    }

    /// The library named in the path, if the caller may see its records: its own staff and the team.
    static func library(_ request: Request, caller: Caller) async throws -> LibraryInfo {
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard symbol.utf8.count <= 20,
            let library = try await request.application.libraryDirectory.library(
                symbol: symbol, on: request.fluentReads)
        else { throw APIError.notFound("no library \(symbol)") }
        guard caller.isTeam || caller.libraryID == library.id else {
            throw APIError.forbidden("a library's copyright records are its own staff's and the team's")
        }
        return library
    }
}
