import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Proposes the lender string for a request: who holds it (by identifiers, then by title and author), who is
/// lending it today, ranked by `LenderRanking` and closed by the last-resort lenders.
struct LenderFinder: Sendable {
    let database: any Database
    let directory: LibraryDirectory
    let statistics: LendingStatistics
    let policy: LenderRanking.Policy
    let filters: HoldingFilterCache

    init(_ application: Application, database: any Database) {
        self.database = database
        self.directory = application.libraryDirectory
        self.statistics = application.lendingStatistics
        self.policy = application.rankingPolicy
        self.filters = application.holdingFilters
    }

    /// What is being asked for and by whom.
    struct Item: Sendable {
        var keys: ItemKeys
        var borrower: LibraryInfo
        var serviceType: ServiceType
        var alreadyAsked: Set<String>
    }

    /// The ranked candidates for `item` on `day`.
    func candidates(for item: Item, on day: Day) async throws -> [RankedLender] {
        let (holdings, byTitle) = try await self.holders(of: item.keys)
        let records = try await self.statistics.records(on: self.database)
        var holders: [LenderFacts] = []
        for (libraryID, copies) in holdings {
            guard let library = try await self.directory.library(id: libraryID, on: self.database) else { continue }
            holders.append(try await self.facts(library, copies: copies, item: item, day: day, records: records))
        }
        var lastResort: [LenderFacts] = []
        for library in try await self.directory.lastResort(on: self.database) {
            lastResort.append(
                try await self.facts(library, copies: holdings[library.id] ?? 0, item: item, day: day, records: records)
            )
        }
        var ranked = LenderRanking.rank(
            holders: holders, lastResort: lastResort,
            for: .init(borrower: item.borrower.symbol, serviceType: item.serviceType, alreadyAsked: item.alreadyAsked),
            policy: self.policy)
        if byTitle {
            for index in ranked.indices where !ranked[index].isLastResort {
                ranked[index].reasons.insert("matched by title and author, not by an identifier", at: 1)
            }
        }
        return ranked
    }

    private func facts(
        _ library: LibraryInfo, copies: Int, item: Item, day: Day, records: [Int: LendingRecord]
    ) async throws -> LenderFacts {
        LenderFacts(
            symbol: library.symbol, copies: copies,
            availability: try await self.directory.availability(of: library.id, on: day, database: self.database)
                .status,
            distance: .between(library.place, item.borrower.place), record: records[library.id] ?? .none)
    }

    /// Lendable records per holding library, and whether they were found by title and author only.
    private func holders(of keys: ItemKeys) async throws -> (copies: [Int: Int], byTitle: Bool) {
        // Read once: the identifiers and then the title are tested against the same filters.
        let filters = try await self.filters.current(on: self.database)
        if !keys.identifiers.isEmpty {
            let found = try await self.lendableRecords(matching: .exactly(keys.identifiers, filters: filters))
            if !found.isEmpty { return (found, false) }
        }
        guard let titleKey = keys.titleAuthor else { return ([:], false) }
        let match: HoldingKeyMatch =
            keys.titleAuthorIsPrefix ? .prefix(titleKey) : .exactly([titleKey], filters: filters)
        return (try await self.lendableRecords(matching: match), true)
    }

    /// Lendable records per library holding a wanted key.
    private func lendableRecords(matching match: HoldingKeyMatch) async throws -> [Int: Int] {
        try await match.entries(on: self.database.asSQL).compactMapValues { entries in
            let copies = Set(entries.lazy.filter(\.lendable).map(\.record)).count
            return copies > 0 ? copies : nil
        }
    }
}

extension Application {
    private struct RankingPolicyKey: StorageKey {
        typealias Value = LenderRanking.Policy
    }

    /// The ranking weights and target ratio; `INTERLOAN_TARGET_RATIO` sets the loan-to-borrow target.
    var rankingPolicy: LenderRanking.Policy {
        get { self.storage[RankingPolicyKey.self] ?? .standard }
        set { self.storage[RankingPolicyKey.self] = newValue }
    }
}
