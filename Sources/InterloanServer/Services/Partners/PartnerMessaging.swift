import Fluent
import Foundation
import ISO18626
import InterloanCore
import SQLKit
import Vapor

/// Decides the partner messages of a lifecycle change and prepares the outbox rows written in its transaction.
struct PartnerMessaging: Sendable {
    /// Asked for Fluent's database only when a partner is concerned, which most actions never are.
    private let request: Request
    let partners: PartnerDirectory
    let now: Date

    init(_ request: Request) {
        self.request = request
        self.partners = request.partners
        self.now = request.application.clock.now()
    }

    /// The outbox writes for a change from `before` to `after`, or nil when no partner is concerned (every
    /// member-to-member action takes that path without a query).
    func sideWrites(
        action: Action?, arguments: Arguments, before: RequestState?, after: RequestState, actor: ActingParty,
        row: RequestRecord
    ) async throws -> SideWrites? {
        let symbols = [after.borrower] + after.lenders.map(\.symbol) + (before?.lenders.map(\.symbol) ?? [])
        let found = try await self.partners.partners(among: symbols)
        guard !found.isEmpty else { return nil }
        let planned = PartnerMessagePlanner.plan(
            action: action, arguments: arguments, before: before, after: after, actor: actor,
            isPartner: { found[$0] != nil })
        guard !planned.isEmpty else { return nil }
        let factory = try await self.factory()
        let now = self.now
        return { sql, requestID in
            var stored = row
            stored.id = requestID
            let request = StoredRequest(row: stored, version: row.version, updatedAt: now, state: after)
            let records = planned.compactMap { plan in
                found[plan.partner].map { partner in
                    PartnerOutbox.record(
                        factory.message(plan.draft, to: partner, about: request), summary: plan.draft.summary,
                        to: partner, requestID: requestID, at: now)
                }
            }
            try await PartnerOutbox.enqueue(records, on: sql)
        }
    }

    func factory() async throws -> PartnerMessageFactory {
        guard let consortium = try await ConsortiumModel.query(on: self.request.fluentReads).first() else {
            throw APIError.conflict("the consortium is not set up", allowed: [])
        }
        return PartnerMessageFactory(
            consortium: AgencyID(type: consortium.agencyIdType, value: consortium.agencyIdValue),
            consortiumName: consortium.name, now: self.now)
    }
}
