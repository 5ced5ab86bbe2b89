import Foundation
import NCIP
import SQLKit
import Vapor

/// Where libraries' ILS connections are kept: read for the API and for each call, written in one transaction.
struct ILSConnections {
    let reads: any SQLDatabase
    let writes: Writes
    let cache: ILSConnectionCache

    init(_ request: Request) {
        self.reads = request.reads
        self.writes = request.writes
        self.cache = request.application.ilsConnections
    }

    /// The stored connection of `libraryID`, nil when the library never set one.
    func connection(of libraryID: Int) async throws -> ILSConnectionRecord? {
        try await self.reads.select().column("*").from(ILSConnectionRecord.table)
            .where("library_id", .equal, libraryID).first(reading: ILSConnectionRecord.self)
    }

    /// Replaces the connection of `libraryID` with `connection`; the secret stays as it was unless the write
    /// sets or clears it.
    func save(_ connection: ILSConnection, for libraryID: Int, by name: String, at now: Date) async throws {
        try await self.writes.write { sql in
            let previous = try await sql.select().column("authentication").from(ILSConnectionRecord.table)
                .where("library_id", .equal, libraryID).first()?.decode(column: "authentication", as: String?.self)
            let authentication: String? =
                switch connection.authentication {
                case .keep: previous ?? nil
                case .clear: nil
                case .set(let secret): secret
                }
            let record = ILSConnectionRecord(
                libraryID: libraryID, protocolName: connection.protocolKind.rawValue, endpoint: connection.endpoint,
                fromAgencyID: connection.fromAgencyID, toAgencyID: connection.toAgencyID,
                authentication: authentication, applicationProfileType: connection.applicationProfileType,
                lendingPatronID: connection.lendingPatronID,
                events: NCIPService.allCases.filter(connection.events.contains).map(\.eventName).joined(separator: ","),
                updatedAt: now, updatedBy: name)
            try await sql.delete(from: ILSConnectionRecord.table).where("library_id", .equal, libraryID).run()
            try await sql.insert(into: ILSConnectionRecord.table).row(record).run()
        }
        self.cache.invalidate()
    }
}
