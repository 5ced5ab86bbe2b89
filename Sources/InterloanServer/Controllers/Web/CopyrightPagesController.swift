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
        let model = try await LibraryModel.own(by: request)
        let caller = try request.caller
        guard
            let library = try await request.application.libraryDirectory.library(
                id: caller.libraryID ?? -1, on: request.fluentReads)
        else { throw Abort(.notFound, reason: "Only staff of a library have copyright records.") }
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
            name: model.name, symbol: library.symbol, year: year,
            rules: rules.map {
                "at most \($0.copiesPerTitle) copies a year of articles from the last \($0.publicationYears) years of one title (US-CCG)"
            }
                ?? "none: copies are not counted",
            titles: report.titles.map { Row(title: $0, fees: Self.dollars($0.feeCents)) },
            fees: Self.dollars(report.feeCents), error: error)
        return try await WebPage.render(
            "settings-copyright", page, title: "Copyright records \(year)",
            status: error == nil ? .ok : .unprocessableEntity, for: request)
    }

    static func dollars(_ cents: Int) -> String {
        "$\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)"
    }
}
