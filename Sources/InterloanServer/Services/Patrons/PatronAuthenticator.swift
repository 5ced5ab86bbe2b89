import Foundation
import InterloanCore
import NCIP
import SQLKit
import Vapor

/// Finds the patron whose credentials these are, by the library's sign-in method. Wrong credentials and unknown
/// patrons answer alike; only a library system that cannot be reached is told apart, so the patron knows to come
/// back rather than retype.
struct PatronAuthenticator {
    let request: Request

    /// Why a sign-in did not succeed, in words a patron reads.
    enum Refusal: Error, Equatable {
        case wrongCredentials
        case systemUnavailable
        case notThisWay(String)
    }

    /// Checks an identifier (barcode or email) and password against the library's own accounts.
    func local(library: LibraryModel, identifier: String, password: String) async throws -> PatronRecord {
        let libraryID = try library.requireID()
        let lowered = identifier.lowercased()
        let patron = try await self.request.reads.select().column("*").from(PatronRecord.table)
            .where("library_id", .equal, libraryID)
            .where { $0.where("barcode", .equal, identifier).orWhere("email", .equal, lowered) }
            .first(reading: PatronRecord.self)
        // Without an account, still spend a Bcrypt check so the answer time does not reveal who has one.
        let hash = patron?.passwordHash ?? LoginThrottle.decoyHash
        let matches = (try? Bcrypt.verify(password, created: hash)) ?? false
        guard let patron, matches else { throw Refusal.wrongCredentials }
        return patron
    }

    /// Asks the library's ILS whether barcode and PIN match; its answer creates or refreshes the account.
    func ncip(library: LibraryModel, barcode: String, pin: String) async throws -> PatronRecord {
        let libraryID = try library.requireID()
        guard
            let connection = try await self.request.application.ilsConnections.connection(
                of: libraryID, reads: self.request.reads)
        else {
            throw Refusal.systemUnavailable
        }
        let exchange = await NCIPClient(client: self.request.application.client)
            .call(.authenticateUser(barcode: barcode, pin: pin), on: connection)
        guard let response = exchange.response else {
            // The answer may quote the request, and so the PIN: only that the system failed is logged.
            self.request.logger.warning("a patron sign-in found the library's ILS unavailable")
            throw Refusal.systemUnavailable
        }
        guard response.succeeded else { throw Refusal.wrongCredentials }
        return try await self.upsert(
            libraryID: libraryID, barcode: barcode, name: response.patron?.name,
            email: response.patron?.email, source: .ncip)
    }

    /// The patron a trusted proxy names, when the request came through one.
    func header(library: LibraryModel) async throws -> PatronRecord {
        let application = self.request.application
        let barcode = try Self.proxiedIdentity(
            peer: self.request.remoteAddress?.ipAddress, values: self.request.headers[application.patronHeader],
            trusted: application.trustedProxies
        ).get()
        return try await self.upsert(
            libraryID: try library.requireID(), barcode: barcode, name: nil, email: nil, source: .header)
    }

    /// Who the proxy's header names, believed only when the socket's peer is a trusted proxy (anyone can write
    /// the header) and the header holds one plain identifier.
    static func proxiedIdentity(peer: String?, values: [String], trusted: Set<String>) -> Result<String, Refusal> {
        guard let peer = peer.flatMap(ClientAddress.normalized), trusted.contains(peer) else {
            return .failure(.notThisWay("This library signs its patrons in through its own single sign-on page."))
        }
        guard values.count == 1, let value = values.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty,
            value.unicodeScalars.count <= 64, !ControlCharacters.occur(in: value)
        else {
            return .failure(.notThisWay("The single sign-on did not say who you are. Sign in there again."))
        }
        return .success(value)
    }

    /// The account with this barcode, created when new; what the ILS said of name and email replaces what was kept.
    private func upsert(
        libraryID: Int, barcode: String, name: String?, email: String?, source: PatronRecord.Source
    ) async throws -> PatronRecord {
        let now = self.request.application.clock.now()
        let cleanName = name.flatMap { Self.cleaned($0, limit: 200) }
        let cleanEmail = email.flatMap { EmailAddress.problem(with: $0, field: "email") == nil ? $0.lowercased() : nil }
        return try await self.request.writes.write { sql in
            if var existing = try await sql.select().column("*").from(PatronRecord.table)
                .where("library_id", .equal, libraryID).where("barcode", .equal, barcode)
                .first(reading: PatronRecord.self)
            {
                guard source != .header || existing.source == .header || existing.passwordHash == nil else {
                    return existing
                }
                if let cleanName { existing.name = cleanName }
                if let cleanEmail, try await !Self.emailTaken(cleanEmail, by: existing.id, in: libraryID, sql) {
                    existing.email = cleanEmail
                }
                existing.updatedAt = now
                try await sql.update(PatronRecord.table).set("name", to: existing.name)
                    .set("email", to: existing.email).set("updated_at", to: now)
                    .where("id", .equal, existing.id).run()
                return existing
            }
            var record = PatronRecord(
                libraryID: libraryID, barcode: barcode, name: cleanName, email: nil, passwordHash: nil, source: source,
                notices: "all", createdAt: now, updatedAt: now)
            if let cleanEmail, try await !Self.emailTaken(cleanEmail, by: nil, in: libraryID, sql) {
                record.email = cleanEmail
            }
            record.id = try await sql.insert(into: PatronRecord.table).row(record).returning("id").first()?
                .decode(column: "id", as: Int.self)
            return record
        }
    }

    private static func emailTaken(_ email: String, by id: Int?, in libraryID: Int, _ sql: any SQLDatabase)
        async throws -> Bool
    {
        guard
            let row = try await sql.select().column("id").from(PatronRecord.table)
                .where("library_id", .equal, libraryID).where("email", .equal, email).first()
        else { return false }
        return try row.decode(column: "id", as: Int.self) != id
    }

    private static func cleaned(_ text: String, limit: Int) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= limit,
            !trimmed.unicodeScalars.contains(where: ControlCharacters.isControl)
        else { return nil }
        return trimmed
    }
}
