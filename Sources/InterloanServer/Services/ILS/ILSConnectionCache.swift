import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The libraries' NCIP connections, read once and kept for a short while, so an action of a library without one
/// costs a dictionary lookup. A save on this server clears it at once; another instance's save shows within
/// `lifetime`.
final class ILSConnectionCache: Sendable {
    static let lifetime: TimeInterval = 15

    private struct Loaded {
        var at: ContinuousClock.Instant
        var connections: [Int: ILSConnectionRecord]
    }

    private let loaded = NIOLockedValueBox<Loaded?>(nil)

    /// The NCIP connection of `libraryID`, nil when it has none switched on.
    func connection(of libraryID: Int, reads: any SQLDatabase) async throws -> ILSConnectionRecord? {
        if let current = self.loaded.withLockedValue({ $0 }),
            ContinuousClock.now - current.at < .seconds(Self.lifetime)
        {
            return current.connections[libraryID]
        }
        let rows = try await reads.select().column("*").from(ILSConnectionRecord.table)
            .where("protocol_name", .equal, ILSConnection.ProtocolKind.ncip.rawValue)
            .all(reading: ILSConnectionRecord.self)
        let connections = Dictionary(rows.map { ($0.libraryID, $0) }) { first, _ in first }
        self.loaded.withLockedValue { $0 = Loaded(at: .now, connections: connections) }
        return connections[libraryID]
    }

    func invalidate() {
        self.loaded.withLockedValue { $0 = nil }
    }
}

extension Application {
    private struct ILSConnectionCacheKey: StorageKey {
        typealias Value = ILSConnectionCache
    }

    /// Set by `configure`.
    var ilsConnections: ILSConnectionCache {
        get { self.storage[ILSConnectionCacheKey.self]! }
        set { self.storage[ILSConnectionCacheKey.self] = newValue }
    }
}
