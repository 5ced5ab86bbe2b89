import Foundation
import InterloanCore
import Vapor

/// Settings › Copyright records: the library's copies of one calendar year against the copyright guidelines, as
/// `GET /api/v1/libraries/{symbol}/copyright` reports them.
struct CopyrightPagesController: RouteCollection {
    struct Page: Encodable {
        var name: String
        var symbol: String
        var year: Int
        var rules: String
        var titles: [Row]
        var fees: String
        var error: String?
        /// For the team: the member libraries to choose among.
        var choices: [Choice]?
    }

    struct Choice: Encodable {
        var symbol: String
        var name: String
        var selected: Bool
    }

    /// A title's line, its fees written as dollars.
    struct Row: Encodable {
        var title: CopyrightReport.Title
        var fees: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.settingsCopyright, use: self.show)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let library = try await Self.library(request)
        var error: String?
        var year = Day(request.application.clock.now()).year
        switch NumberParameter.year.parse(request.query[String.self, at: "year"]) {
        case .success(let given) where request.query[String.self, at: "year"] != nil: year = given
        case .success: break
        case .failure(let problem): error = "The year \(problem.message); showing \(year)."
        }
        let rules = request.application.copyrightRules
        let report = try await CopyrightReport.make(library: library, year: year, rules: rules, on: request.reads)
        let page = Page(
            name: library.name, symbol: library.symbol, year: year,
            rules: rules.map {
                "at most \($0.copiesPerTitle) copies a year of articles from the last \($0.publicationYears) years of one title (US-CCG)"
            }
                ?? "none: copies are not counted",
            titles: report.titles.map { Row(title: $0, fees: Self.dollars($0.feeCents)) },
            fees: Self.dollars(report.feeCents), error: error,
            choices: try request.caller.isTeam
                ? try await Self.members(request).map {
                    Choice(symbol: $0.symbol, name: $0.name, selected: $0.symbol == library.symbol)
                } : nil)
        return try await WebPage.render(
            "settings-copyright", page, title: "Copyright records \(year)",
            status: error == nil ? .ok : .unprocessableEntity, for: request)
    }

    /// The caller's own library; for the team, the member library named by `library`, else the first.
    static func library(_ request: Request) async throws -> LibraryInfo {
        let caller = try request.caller
        let directory = request.application.libraryDirectory
        if caller.isTeam {
            guard let given = request.query[String.self, at: "library"], !given.isEmpty else {
                guard let first = try await Self.members(request).first else {
                    throw Abort(.notFound, reason: "The directory has no member library yet.")
                }
                return first
            }
            guard let symbol = LibrarySymbol.normalize(given),
                let library = try await directory.library(symbol: symbol, on: request.fluentReads)
            else { throw Abort(.notFound, reason: "There is no library \(given.prefix(20)) in the directory.") }
            return library
        }
        guard let library = try await directory.library(id: caller.libraryID ?? -1, on: request.fluentReads) else {
            throw Abort(.notFound, reason: "Only staff of a library have copyright records.")
        }
        return library
    }

    static func members(_ request: Request) async throws -> [LibraryInfo] {
        try await request.application.libraryDirectory.all(on: request.fluentReads).filter(\.isMember)
            .sorted { $0.symbol < $1.symbol }
    }

    static func dollars(_ cents: Int) -> String {
        "$\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)"
    }
}
