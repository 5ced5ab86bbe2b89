import Fluent
import Foundation
import InterloanCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What the lifecycle and the API need to know of a library, kept in memory because every action reads it.
struct LibraryInfo: Sendable, Equatable {
    let id: Int
    let symbol: String
    let name: String
    let isMember: Bool
    let policy: LoanPolicy
    /// Region and courier route, for delivery distance.
    let place: LibraryPlace
    /// Working days it has to answer a request.
    let responseDays: Int
    /// Its courier route and delivery weekdays, for expected arrival.
    let stop: CourierStop
    /// The ILL contact address, where notices go.
    let contactEmail: String
    /// The reminder kinds it asked not to receive.
    let noticeOptOuts: Set<NoticeKind>

    /// An out-of-state library that asked through the public form, without ISO 18626.
    var isExternal = false

    /// Whether a notice of `kind` should be mailed to this library: members and external libraries only (partners
    /// hear through ISO 18626), and never a reminder it switched off.
    func receives(_ kind: NoticeKind) -> Bool {
        (self.isMember || self.isExternal) && !(kind.isReminder && self.noticeOptOuts.contains(kind))
    }
}

/// An in-process copy of the library directory (a `DatabaseCopy`), reloaded also when a symbol is unknown. Every
/// action asks it a dozen questions.
final class LibraryDirectory: Sendable {
    private struct Snapshot {
        var byID: [Int: LibraryInfo] = [:]
        var bySymbol: [String: LibraryInfo] = [:]
        var consortiumSymbol: String?
        var consortiumName: String?
        /// Each library's availability declarations, oldest first; libraries that never declared are absent.
        var availabilityHistory: [Int: [AvailabilityDeclaration]] = [:]
        var lastResortIDs: [Int] = []
    }

    private let copy: DatabaseCopy<Snapshot>

    init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.copy = DatabaseCopy(maximumAge: 30, now: now, load: Self.load)
    }

    /// How many times the copy has been loaded from the database.
    var reloads: Int { self.copy.reloads }

    func library(id: Int, on database: @autoclosure () -> any Database) async throws -> LibraryInfo? {
        try await self.snapshot(on: database()) { $0.byID[id] == nil }.byID[id]
    }

    func library(symbol: String, on database: @autoclosure () -> any Database) async throws -> LibraryInfo? {
        try await self.snapshot(on: database()) { $0.bySymbol[symbol] == nil }.bySymbol[symbol]
    }

    /// The library with `id` from the copy in memory without waiting; nil when the copy is stale or lacks it, and
    /// then `library(id:on:)` reloads it.
    func libraryInMemory(id: Int) -> LibraryInfo? {
        self.copy.inMemory()?.byID[id]
    }

    /// The consortium's symbol from the copy in memory without waiting; nil when the copy is stale or lacks it.
    func consortiumInMemory() -> String? {
        self.copy.inMemory()?.consortiumSymbol
    }

    /// The libraries among `symbols` that are not members.
    func nonMembers(among symbols: [String], on database: @autoclosure () -> any Database) async throws
        -> [LibraryInfo]
    {
        let snapshot = try await self.snapshot(on: database()) { snapshot in
            symbols.contains { snapshot.bySymbol[$0] == nil }
        }
        var seen: Set<String> = []
        return symbols.compactMap { symbol in
            guard seen.insert(symbol).inserted, let library = snapshot.bySymbol[symbol], !library.isMember else {
                return nil
            }
            return library
        }
    }

    /// The consortium's symbol, under which the team acts; nil before the directory is seeded.
    func consortium(on database: @autoclosure () -> any Database) async throws -> String? {
        try await self.snapshot(on: database()) { $0.consortiumSymbol == nil }.consortiumSymbol
    }

    /// The consortium's name, for the signature of notices.
    func consortiumName(on database: @autoclosure () -> any Database) async throws -> String {
        try await self.snapshot(on: database()) { $0.consortiumName == nil }.consortiumName ?? "Interloan"
    }

    /// Every library, in symbol order.
    func all(on database: @autoclosure () -> any Database) async throws -> [LibraryInfo] {
        try await self.snapshot(on: database()).byID.values.sorted { $0.symbol < $1.symbol }
    }

    /// The courier stops of the libraries `symbols` name.
    func stops(of symbols: Set<String>, on database: @autoclosure () -> any Database) async throws
        -> [String: CourierStop]
    {
        let snapshot = try await self.snapshot(on: database()) { snapshot in
            symbols.contains { snapshot.bySymbol[$0] == nil }
        }
        var stops: [String: CourierStop] = [:]
        for symbol in symbols { stops[symbol] = snapshot.bySymbol[symbol]?.stop }
        return stops
    }

    /// What `libraryID` declared for `day`.
    func availability(of libraryID: Int, on day: Day, database: @autoclosure () -> any Database) async throws
        -> AvailabilityDeclaration
    {
        let history = try await self.snapshot(on: database()).availabilityHistory[libraryID] ?? []
        return AvailabilityDeclaration.effective(on: day, in: history)
    }

    /// The last-resort lenders, in the order they close a lender string.
    func lastResort(on database: @autoclosure () -> any Database) async throws -> [LibraryInfo] {
        let snapshot = try await self.snapshot(on: database())
        return snapshot.lastResortIDs.compactMap { snapshot.byID[$0] }
    }

    /// Forgets the copy, e.g. after a library's policy changed in this process.
    func invalidate() async {
        self.copy.invalidate()
    }

    private func snapshot(
        on database: @autoclosure () -> any Database, misses: (Snapshot) -> Bool = { _ in false }
    ) async throws -> Snapshot {
        try await self.copy.current(on: database(), misses: misses)
    }

    private static func load(on database: any Database) async throws -> Snapshot {
        var snapshot = Snapshot()
        let libraries = try await LibraryModel.query(on: database).with(\.$region).all()
        for library in libraries {
            var info = LibraryInfo(
                id: try library.requireID(), symbol: library.symbol, name: library.name, isMember: library.isMember,
                policy: LoanPolicy(
                    loanDays: library.loanDays, renewalsAllowed: library.renewalsAllowed,
                    maxRenewals: library.maxRenewals),
                place: LibraryPlace(
                    isMember: library.isMember, region: library.region?.code, courierRoute: library.courierRoute),
                responseDays: library.responseDays,
                stop: CourierStop(
                    route: library.courierRoute, deliveryDays: CourierStop.weekdays(library.deliveryDays),
                    isMember: library.isMember),
                contactEmail: library.contactEmail,
                noticeOptOuts: library.reminderOptOuts)
            info.isExternal = library.kind == LibraryModel.externalKind
            snapshot.byID[info.id] = info
        }
        let sql = database.asSQL
        let declarations = try await sql.select().column("*").from(AvailabilityRecord.table).orderBy("id")
            .all(reading: AvailabilityRecord.self)
        for record in declarations {
            snapshot.availabilityHistory[record.libraryID, default: []].append(record.declaration)
        }
        snapshot.lastResortIDs = try await sql.select().column("*").from(LastResortRecord.table).orderBy("position")
            .all(reading: LastResortRecord.self).map(\.libraryID)
        snapshot.bySymbol = Dictionary(uniqueKeysWithValues: snapshot.byID.values.map { ($0.symbol, $0) })
        let consortium = try await ConsortiumModel.query(on: database).first()
        snapshot.consortiumSymbol = consortium?.symbol
        snapshot.consortiumName = consortium?.name
        return snapshot
    }
}

extension Application {
    private struct DirectoryKey: StorageKey {
        typealias Value = LibraryDirectory
    }

    var libraryDirectory: LibraryDirectory {
        get { self.configured(DirectoryKey.self) }
        set { self.storage[DirectoryKey.self] = newValue }
    }
}

extension AvailabilityRecord {
    var declaration: AvailabilityDeclaration {
        AvailabilityDeclaration(
            status: LendingStatus(rawValue: self.status) ?? .all, reason: self.reason,
            from: self.fromDay.flatMap(Day.init), until: self.untilDay.flatMap(Day.init))
    }
}
