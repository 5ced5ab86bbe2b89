import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The demo's union catalogue: every invented title (each with its own ISBN and author) held by a random third of
/// the member libraries, a few libraries not lending fully, and a last-resort lender, so automatic lender strings
/// and their reasons show from the first request.
enum DemoHoldings {
    /// One invented title of the demo catalogue.
    struct Title {
        var title: String
        var author: String
        var isbn: String
    }

    static var titles: [Title] {
        var random = SeededGenerator(seed: 852)
        var titles: [Title] = []
        for (formIndex, form) in DemoCatalog.titleForms.enumerated() {
            for (wordIndex, word) in DemoCatalog.titleWords.enumerated() {
                let family = DemoCatalog.familyNames[(formIndex + wordIndex) % DemoCatalog.familyNames.count]
                let given = DemoCatalog.givenNames[(formIndex * 3 + wordIndex) % DemoCatalog.givenNames.count]
                titles.append(
                    Title(
                        title: form.replacingOccurrences(of: "%@", with: word), author: "\(family), \(given)",
                        isbn: DemoCatalog.isbn13(random: &random)))
            }
        }
        return titles
    }

    /// Stores the holdings, declares three libraries' availability and sets the last-resort lender.
    static func seed(_ app: Application, now: Date) async throws {
        var random = SeededGenerator(seed: 9852)
        let members = DemoDirectory.regions.flatMap { DemoDirectory.members[$0.code] ?? [] }.map(\.symbol)
        let directory = app.libraryDirectory
        let titles = self.titles
        for symbol in members {
            guard let library = try await directory.library(symbol: symbol, on: app.db) else { continue }
            var file = HoldingsFile()
            for title in titles where Int.random(in: 0..<3, using: &random) == 0 {
                let copies = Int.random(in: 1...4, using: &random) == 4 ? 2 : 1
                for copy in 1...copies {
                    file.holdings.append(
                        Holding(
                            title: title.title, author: title.author,
                            callNumber: "DEMO \(file.holdings.count + 1) c.\(copy)",
                            lendable: Int.random(in: 0..<10, using: &random) > 0, identifiers: ["isbn": [title.isbn]]))
                }
            }
            file.recordsRead = file.holdings.count
            _ = try await HoldingsImport.store(
                file, libraryID: library.id, replace: true, reads: app.reads, writes: app.writes, now: app.clock.now(),
                logger: app.logger)
        }
        let today = Day(now)
        let declarations: [(String, AvailabilityDeclaration)] = [
            (
                members[1],
                AvailabilityDeclaration(
                    status: .paused, reason: "Staff shortage", from: today.adding(days: -3),
                    until: today.adding(days: 11))
            ),
            (
                members[7],
                AvailabilityDeclaration(
                    status: .copiesOnly, reason: "Physical items paused during the renovation", from: nil, until: nil)
            ),
            (
                members[12],
                AvailabilityDeclaration(
                    status: .closed, reason: "Building move", from: today.adding(days: 20),
                    until: today.adding(days: 27))
            ),
        ]
        let sql = app.db.asSQL
        for (symbol, declaration) in declarations {
            guard let library = try await directory.library(symbol: symbol, on: app.db) else { continue }
            try await sql.insert(into: AvailabilityRecord.table).row(
                AvailabilityRecord(
                    libraryID: library.id, status: declaration.status.rawValue, reason: declaration.reason,
                    fromDay: (declaration.from ?? today).description, untilDay: declaration.until?.description,
                    declaredAt: now, declaredBy: "Resource sharing team")
            ).run()
        }
        if let partner = DemoDirectory.partners.first,
            let library = try await directory.library(symbol: partner.symbol, on: app.db)
        {
            try await sql.insert(into: LastResortRecord.table).row(
                LastResortRecord(position: 0, libraryID: library.id)
            ).run()
        }
        await directory.invalidate()
    }
}
