import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The stored Bloom filters of libraries' match keys (`014_CreateHoldingFilters`), one row per library with
/// holdings, written in the transaction that changes them.
enum HoldingFilterRecord {
    static let table = "holding_filters"

    /// Replaces `libraryID`'s filter by `filter`, under a new random generation.
    static func write(_ filter: KeyFilter, libraryID: Int, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: Self.table).where("library_id", .equal, libraryID).run()
        // 40 bits: the sum over every library stays far from overflow, and two draws alike are one in a trillion.
        let generation = Int64.random(in: 1..<(1 << 40))
        try await sql.insert(into: Self.table).columns("library_id", "generation", "filter")
            .values(SQLBind(libraryID), SQLBind(generation), SQLBind(Data(filter.serialized))).run()
    }
}

/// Every library's key filter, kept in memory: finding holders tests the wanted keys against all of them (one
/// memory access a library and key) before the database seeks the few libraries that may hold the item.
/// Each lookup first compares the count and sum of the stored generations with the copy's, so an import by
/// any instance is seen by the next lookup everywhere; only the changed filters are read again.
actor HoldingFilterCache {
    /// A filter that cannot be read (written by a later version) answers "maybe" for every key.
    private var filters: [Int: (generation: Int64, filter: KeyFilter?)] = [:]
    private var fingerprint: (count: Int, sum: Int64)?

    /// Every library's filter as stored now; one lookup may test several sets of keys against it.
    func current(on database: any Database) async throws -> KeyFilterSet {
        try await self.refresh(on: database.asSQL)
        return KeyFilterSet(filters: self.filters.mapValues(\.filter))
    }

    private struct Fingerprint: Decodable {
        let count: Int
        let sum: Int64
    }

    private struct Stored: Decodable {
        let libraryID: Int
        let generation: Int64
        let filter: Data?

        enum CodingKeys: String, CodingKey {
            case generation, filter
            case libraryID = "library_id"
        }
    }

    private func refresh(on sql: any SQLDatabase) async throws {
        guard
            let now = try await sql.raw(
                """
                SELECT COUNT(*) AS count, CAST(COALESCE(SUM(generation), 0) AS BIGINT) AS sum FROM \(ident: HoldingFilterRecord.table)
                """
            ).first(decoding: Fingerprint.self)
        else { return }
        if let known = self.fingerprint, known == (now.count, now.sum) { return }
        let current = try await sql.select().column("library_id").column("generation").from(HoldingFilterRecord.table)
            .all(decoding: Stored.self)
        let changed = current.filter { self.filters[$0.libraryID]?.generation != $0.generation }.map(\.libraryID)
        let present = Set(current.map(\.libraryID))
        var next = self.filters.filter { present.contains($0.key) }
        for chunk in stride(from: 0, to: changed.count, by: 100).map({ changed[$0..<min($0 + 100, changed.count)] }) {
            let rows = try await sql.select().column("library_id").column("generation").column("filter")
                .from(HoldingFilterRecord.table).where("library_id", .in, Array(chunk)).all(decoding: Stored.self)
            for row in rows {
                next[row.libraryID] = (row.generation, row.filter.flatMap { KeyFilter(serialized: $0) })
            }
        }
        self.filters = next
        self.fingerprint = (now.count, now.sum)
    }
}

/// The libraries' key filters at one moment.
struct KeyFilterSet: Sendable {
    /// By library; nil for a filter this version cannot read, which answers "maybe" for every key.
    let filters: [Int: KeyFilter?]

    /// The libraries whose filters may hold any of `keys`, in id order.
    func libraries(possiblyHolding keys: [String]) -> [Int] {
        let probes = keys.map(KeyFilter.Probe.init)
        return self.filters.compactMap { libraryID, filter in
            guard let filter else { return libraryID }
            return probes.contains(where: filter.mightContain) ? libraryID : nil
        }.sorted()
    }
}

extension Application {
    private struct HoldingFilterCacheKey: StorageKey {
        typealias Value = HoldingFilterCache
    }

    /// The in-memory copy of the libraries' key filters.
    var holdingFilters: HoldingFilterCache {
        get { self.configured(HoldingFilterCacheKey.self) }
        set { self.storage[HoldingFilterCacheKey.self] = newValue }
    }
}
