import Fluent
import Foundation
import ISO18626
import InterloanCore
import SQLKit
import Vapor

/// A partner with its directory entry.
struct Partner: Sendable {
    let record: PartnerRecord
    let library: LibraryInfo

    var id: Int { self.record.id! }
    var agency: AgencyID { AgencyID(type: self.record.agencyIDType, value: self.record.agencyIDValue) }
}

/// Looks partners up by the library symbol requests use, by the agency id messages carry and by credential.
struct PartnerDirectory: Sendable {
    /// Fluent's database, made only when a partner is looked up: most actions concern members only, and the
    /// cached directory tells them apart without it.
    private let fluent: @Sendable () -> any Database
    let directory: LibraryDirectory

    init(database: @escaping @autoclosure @Sendable () -> any Database, directory: LibraryDirectory) {
        self.fluent = database
        self.directory = directory
    }

    var database: any Database { self.fluent() }

    private var sql: any SQLDatabase { self.database.asSQL }

    func partner(symbol: String) async throws -> Partner? {
        // Members never speak ISO 18626 to us; the cached directory answers without a query on the hot path.
        guard let library = try await self.directory.library(symbol: symbol, on: self.database), !library.isMember
        else { return nil }
        guard
            let record = try await self.sql.select().column("*").from(PartnerRecord.table)
                .where("library_id", .equal, library.id).first(reading: PartnerRecord.self)
        else { return nil }
        return Partner(record: record, library: library)
    }

    func partner(credential: String) async throws -> Partner? {
        try await self.partner(where: "credential_hash", equals: APITokens.digest(credential))
    }

    func partner(agency: AgencyID) async throws -> Partner? {
        guard
            let record = try await self.sql.select().column("*").from(PartnerRecord.table)
                .where(
                    SQLFunction("lower", args: SQLColumn("agency_id_type")), .equal, SQLBind(agency.type.lowercased())
                )
                .where("agency_id_value", .equal, agency.value).first(reading: PartnerRecord.self)
        else { return nil }
        return try await self.withLibrary(record)
    }

    func partner(id: Int) async throws -> Partner? {
        try await self.partner(where: "id", equals: id)
    }

    /// The partners among `symbols`, by symbol.
    func partners(among symbols: [String]) async throws -> [String: Partner] {
        var found: [String: Partner] = [:]
        for library in try await self.directory.nonMembers(among: symbols, on: self.database) {
            if let partner = try await self.partner(symbol: library.symbol) { found[library.symbol] = partner }
        }
        return found
    }

    private func partner(where column: String, equals value: some Encodable & Sendable) async throws -> Partner? {
        guard
            let record = try await self.sql.select().column("*").from(PartnerRecord.table)
                .where(SQLColumn(column), .equal, SQLBind(value)).first(reading: PartnerRecord.self)
        else { return nil }
        return try await self.withLibrary(record)
    }

    private func withLibrary(_ record: PartnerRecord) async throws -> Partner? {
        guard let library = try await self.directory.library(id: record.libraryID, on: self.database) else {
            return nil
        }
        return Partner(record: record, library: library)
    }
}

extension Request {
    var partners: PartnerDirectory {
        PartnerDirectory(database: self.fluentReads, directory: self.application.libraryDirectory)
    }
}

extension Application {
    var partners: PartnerDirectory {
        PartnerDirectory(database: self.db, directory: self.libraryDirectory)
    }
}
