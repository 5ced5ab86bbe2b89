import Foundation
import InterloanCore
import SQLKit
import Vapor

/// One library's copies in one calendar year as its copyright records show them: per title, the copies counted
/// under the guidelines, whether the title reached the limit, the copies past it and what became of them, fees.
struct CopyrightReport: Content {
    struct Title: Content {
        var title: String
        var issns: [String]
        /// Copies counted under the guidelines (US-CCG).
        var counted: Int
        var atLimit: Bool
        /// Copies past the limit waiting for staff, paid for, or withdrawn.
        var inReview: Int
        var feesPaid: Int
        var withdrawn: Int
        /// Copies not counted: older articles, or asked under other terms.
        var notCounted: Int
        var feeCents: Int
    }

    var library: String
    var year: Int
    var rules: String
    var copiesPerTitle: Int
    var titles: [Title]
    var feeCents: Int

    /// The report of library `libraryID` for `year`, titles with the most counted copies first.
    static func make(
        library: LibraryInfo, year: Int, rules: CopyrightRules?, on database: any SQLDatabase
    ) async throws -> CopyrightReport {
        let entries = try await database.select().column("*").from(CopyrightEntryRecord.table)
            .where("library_id", .equal, library.id).where("year", .equal, year).orderBy("id")
            .all(reading: CopyrightEntryRecord.self)
        let limit = (rules ?? .usContu).copiesPerTitle
        var titles: [Title] = []
        var keys: [CopyrightLedger.TitleKey] = []
        for entry in entries {
            let key = CopyrightBook.key(of: entry)
            let index: Int
            if let found = keys.firstIndex(where: { $0.sameTitle(as: key) }) {
                index = found
                keys[found].issns.formUnion(key.issns)
            } else {
                keys.append(key)
                titles.append(
                    Title(
                        title: entry.title, issns: [], counted: 0, atLimit: false, inReview: 0, feesPaid: 0,
                        withdrawn: 0, notCounted: 0, feeCents: 0))
                index = titles.count - 1
            }
            switch entry.decision {
            case .counted: titles[index].counted += 1
            case .review: titles[index].inReview += 1
            case .feePaid: titles[index].feesPaid += 1
            case .withdrawn: titles[index].withdrawn += 1
            case .notCounted: titles[index].notCounted += 1
            }
            titles[index].feeCents += entry.feeCents ?? 0
        }
        for index in titles.indices {
            titles[index].issns = keys[index].issns.sorted().map { String($0.prefix(4)) + "-" + String($0.suffix(4)) }
            titles[index].atLimit = titles[index].counted >= limit
        }
        titles.sort { ($0.counted, $1.title) > ($1.counted, $0.title) }
        return CopyrightReport(
            library: library.symbol, year: year, rules: rules == nil ? "none" : "us-contu", copiesPerTitle: limit,
            titles: titles, feeCents: titles.reduce(0) { $0 + $1.feeCents })
    }
}
