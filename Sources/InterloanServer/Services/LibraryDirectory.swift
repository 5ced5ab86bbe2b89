import Fluent
import Foundation
import InterloanCore
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

    /// Whether a notice of `kind` should be mailed to this library: members only (partners hear through ISO
    /// 18626), and never a reminder it switched off.
    func receives(_ kind: NoticeKind) -> Bool {
        self.isMember && !(kind.isReminder && self.noticeOptOuts.contains(kind))
    }
}

/// An in-process copy of the library directory, reloaded when a symbol is unknown or the copy is older than
/// `maximumAge`, so several server instances agree within seconds after a change.
actor LibraryDirectory {
    private var byID: [Int: LibraryInfo] = [:]
    private var bySymbol: [String: LibraryInfo] = [:]
    private var consortiumSymbol: String?
    private var consortiumName: String?
    /// Each library's availability declarations, oldest first; libraries that never declared are absent.
    private var availabilityHistory: [Int: [AvailabilityDeclaration]] = [:]
    private var lastResortIDs: [Int] = []
    private var loadedAt: Date = .distantPast
    private let maximumAge: TimeInterval = 30

    func library(id: Int, on database: any Database) async throws -> LibraryInfo? {
        if let found = self.byID[id], !self.isStale { return found }
        try await self.reload(on: database)
        return self.byID[id]
    }

    func library(symbol: String, on database: any Database) async throws -> LibraryInfo? {
        if let found = self.bySymbol[symbol], !self.isStale { return found }
        try await self.reload(on: database)
        return self.bySymbol[symbol]
    }

    /// The libraries among `symbols` that are not members, in one visit to the actor (every action asks).
    func nonMembers(among symbols: [String], on database: any Database) async throws -> [LibraryInfo] {
        if self.isStale || symbols.contains(where: { self.bySymbol[$0] == nil }) { try await self.reload(on: database) }
        var seen: Set<String> = []
        return symbols.compactMap { symbol in
            guard seen.insert(symbol).inserted, let library = self.bySymbol[symbol], !library.isMember else { return nil }
            return library
        }
    }

    /// The consortium's symbol, under which the team acts; nil before the directory is seeded.
    func consortium(on database: any Database) async throws -> String? {
        if let symbol = self.consortiumSymbol, !self.isStale { return symbol }
        try await self.reload(on: database)
        return self.consortiumSymbol
    }

    /// The consortium's name, for the signature of notices.
    func consortiumName(on database: any Database) async throws -> String {
        if self.consortiumName == nil || self.isStale { try await self.reload(on: database) }
        return self.consortiumName ?? "Interloan"
    }

    /// Every library, in symbol order.
    func all(on database: any Database) async throws -> [LibraryInfo] {
        if self.isStale { try await self.reload(on: database) }
        return self.byID.values.sorted { $0.symbol < $1.symbol }
    }

    /// The courier stops of the libraries `symbols` name, in one visit to the actor.
    func stops(of symbols: Set<String>, on database: any Database) async throws -> [String: CourierStop] {
        if self.isStale || symbols.contains(where: { self.bySymbol[$0] == nil }) { try await self.reload(on: database) }
        var stops: [String: CourierStop] = [:]
        for symbol in symbols { stops[symbol] = self.bySymbol[symbol]?.stop }
        return stops
    }

    /// What `libraryID` declared for `day`.
    func availability(of libraryID: Int, on day: Day, database: any Database) async throws -> AvailabilityDeclaration {
        if self.isStale { try await self.reload(on: database) }
        return AvailabilityDeclaration.effective(on: day, in: self.availabilityHistory[libraryID] ?? [])
    }

    /// The last-resort lenders, in the order they close a lender string.
    func lastResort(on database: any Database) async throws -> [LibraryInfo] {
        if self.isStale { try await self.reload(on: database) }
        return self.lastResortIDs.compactMap { self.byID[$0] }
    }

    /// Forgets the copy, e.g. after a library's policy changed in this process.
    func invalidate() {
        self.loadedAt = .distantPast
    }

    private var isStale: Bool { Date().timeIntervalSince(self.loadedAt) > self.maximumAge }

    private func reload(on database: any Database) async throws {
        let libraries = try await LibraryModel.query(on: database).with(\.$region).all()
        var byID: [Int: LibraryInfo] = [:]
        for library in libraries {
            let info = LibraryInfo(
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
            byID[info.id] = info
        }
        let sql = database as! any SQLDatabase
        let declarations = try await sql.select().column("*").from(AvailabilityRecord.table).orderBy("id")
            .all(decoding: AvailabilityRecord.self)
        var history: [Int: [AvailabilityDeclaration]] = [:]
        for record in declarations {
            history[record.libraryID, default: []].append(record.declaration)
        }
        self.availabilityHistory = history
        self.lastResortIDs = try await sql.select().column("*").from(LastResortRecord.table).orderBy("position")
            .all(decoding: LastResortRecord.self).map(\.libraryID)
        self.byID = byID
        self.bySymbol = Dictionary(uniqueKeysWithValues: byID.values.map { ($0.symbol, $0) })
        let consortium = try await ConsortiumModel.query(on: database).first()
        self.consortiumSymbol = consortium?.symbol
        self.consortiumName = consortium?.name
        self.loadedAt = Date()
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
