import Fluent
import Foundation
import ISO18626
import InterloanCore
import SQLKit
import Vapor

/// Registers ISO 18626 partners: each is a library in the directory (not a member) plus its agency id, endpoint
/// and credentials. Shared by `interloan peers` and the tests.
struct PartnerRegistry {
    let app: Application

    /// Why a registration was refused, in words for the operator.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Registers a partner and returns its credential, which is shown once and stored only as a digest.
    func add(agency: AgencyID, name: String, endpoint: String, symbol requestedSymbol: String? = nil) async throws
        -> (partner: PartnerRecord, credential: String)
    {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw Refusal(description: "--name must not be empty") }
        guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else { throw Refusal(description: "--endpoint must be an http or https URL, not '\(endpoint)'") }
        let symbolText = requestedSymbol ?? Self.symbol(for: agency)
        guard let symbol = LibrarySymbol.normalize(symbolText) else {
            throw Refusal(
                description:
                    "'\(symbolText)' cannot be a library symbol (2 to 16 letters, digits or '-'); pass --symbol")
        }
        if try await self.app.partners.partner(agency: agency) != nil {
            throw Refusal(description: "\(agency) is already registered")
        }
        let credential = APITokens.generate()
        let now = self.app.clock.now()
        let record = try await self.app.db.transaction { database -> PartnerRecord in
            var library = try await LibraryModel.query(on: database).filter(\.$symbol == symbol).first()
            if let existing = library {
                guard !existing.isMember else {
                    throw Refusal(description: "\(symbol) is a member library; pass another --symbol")
                }
            } else {
                let created = LibraryModel(
                    symbol: symbol, name: name, town: "", regionID: nil, contactEmail: "", isMember: false,
                    loanDays: 28,
                    renewalsAllowed: true, maxRenewals: 1, courierRoute: nil, deliveryDays: nil)
                try await created.create(on: database)
                library = created
            }
            var record = PartnerRecord(
                libraryID: try library!.requireID(), agencyIDType: agency.type, agencyIDValue: agency.value,
                endpointURL: endpoint, credentialHash: APITokens.digest(credential), outgoingCredential: nil,
                createdAt: now)
            let sql = database.asSQL
            let inserted = try await sql.insert(into: PartnerRecord.table).row(record)
                .returning("id").first()
            record.id = try inserted?.decode(column: "id", as: Int.self)
            return record
        }
        return (record, credential)
    }

    /// Sets the credential the partner issued to us, sent with every message to it.
    func setOutgoingCredential(_ credential: String, for agency: AgencyID) async throws {
        guard let partner = try await self.app.partners.partner(agency: agency) else {
            throw Refusal(description: "\(agency) is not registered; add it with 'interloan peers add'")
        }
        try await self.app.db.asSQL.update(PartnerRecord.table)
            .set("outgoing_credential", to: credential).where("id", .equal, partner.id).run()
    }

    /// A symbol from the agency value: `US-NHGRF` stays, `DE-Hil2` becomes `DE-HIL2`.
    static func symbol(for agency: AgencyID) -> String {
        let cleaned = agency.value.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return String(String(cleaned).prefix(16))
    }
}
