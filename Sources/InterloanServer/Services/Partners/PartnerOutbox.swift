import Fluent
import Foundation
import ISO18626
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Delivers queued ISO 18626 messages to partners: in order per request, each claimed by one sender at a time
/// (so several instances can run), retried with growing delays when the partner cannot be reached, never sent
/// again once the partner confirmed it, and stopped (shown to staff) when the partner answers ERROR.
struct PartnerOutbox: Sendable {
    let app: Application
    /// How long a sender may work on a message before another may take it over.
    static let claimDuration: TimeInterval = 60
    static let maximumDelay: TimeInterval = 3600

    /// An outbox row for `message`, due at once.
    static func record(
        _ message: ISO18626Message, summary: String, to partner: Partner, requestID: Int, at now: Date
    ) -> PartnerMessageRecord {
        let kind: String
        switch message {
        case .request: kind = "request"
        case .supplyingAgencyMessage: kind = "supplyingAgencyMessage"
        default: kind = "requestingAgencyMessage"
        }
        return PartnerMessageRecord(
            requestID: requestID, partnerID: partner.id, kind: kind, summary: summary,
            body: String(decoding: MessageCodec().encode(message), as: UTF8.self), state: .pending, attempts: 0,
            nextAttemptAt: now, createdAt: now)
    }

    static func enqueue(_ records: [PartnerMessageRecord], on sql: any SQLDatabase) async throws {
        guard !records.isEmpty else { return }
        // Nil fields are left out (the default), so the database assigns the ids; every new row has the same ones.
        try await sql.insert(into: PartnerMessageRecord.table).rows(records).run()
    }

    /// Sends every message due now, each at most once in this pass; returns how many were attempted.
    @discardableResult
    func deliverDue() async throws -> Int {
        try await OutboxPolling.deliverAll(claim: self.claimDue, deliver: self.deliver)
    }

    /// Runs until the application stops, looking for due messages every `interval`.
    func run(every interval: Duration = .seconds(1)) async {
        await OutboxPolling.run(every: interval, label: "partner outbox", logger: self.app.logger) {
            try await self.deliverDue()
        }
    }

    /// Due messages whose request has no earlier message still waiting, claimed for this sender.
    private func claimDue() async throws -> [PartnerMessageRecord] {
        let now = self.app.clock.now()
        let candidates = try await self.app.reads.raw(
            """
            SELECT * FROM partner_messages m WHERE m.state = \(bind: PartnerMessageRecord.State.pending.rawValue) \
            AND m.next_attempt_at <= \(bind: now) AND (m.claimed_until IS NULL OR m.claimed_until < \(bind: now)) \
            AND NOT EXISTS (SELECT 1 FROM partner_messages e WHERE e.request_id = m.request_id \
            AND e.state = \(bind: PartnerMessageRecord.State.pending.rawValue) AND e.id < m.id) \
            ORDER BY m.id LIMIT 20
            """
        ).all(reading: PartnerMessageRecord.self)
        let claimed = try await OutboxClaims.claim(
            candidates.map { $0.id! }, in: PartnerMessageRecord.table,
            pendingState: PartnerMessageRecord.State.pending.rawValue, now: now,
            until: now.addingTimeInterval(Self.claimDuration), through: self.app.writes)
        return candidates.filter { claimed.contains($0.id!) }
    }

    private func deliver(_ message: PartnerMessageRecord) async throws {
        guard let partner = try await self.app.partners.partner(id: message.partnerID) else {
            try await self.finish(message, state: .rejected, error: "the partner is no longer registered")
            return
        }
        let outcome: DeliveryOutcome
        do {
            outcome = try await self.post(message.body, to: partner)
        } catch {
            outcome = .unreachable("\(partner.record.endpointURL) could not be reached: \(error)")
        }
        switch outcome {
        case .confirmed:
            try await self.finish(message, state: .confirmed, error: nil)
        case .refused(let error):
            try await self.finish(message, state: .rejected, error: error)
        case .unreachable(let reason):
            let attempts = message.attempts + 1
            let delay = min(Self.maximumDelay, 30 * pow(2, Double(attempts - 1)))
            let nextAttempt = self.app.clock.now().addingTimeInterval(delay)
            try await self.app.writes.write { sql in
                try await sql.update(PartnerMessageRecord.table)
                    .set("attempts", to: attempts)
                    .set("next_attempt_at", to: nextAttempt)
                    .set("claimed_until", to: SQLLiteral.null)
                    .set("last_error", to: reason)
                    .where("id", .equal, message.id!).run()
            }
        }
    }

    private enum DeliveryOutcome {
        case confirmed
        case refused(String)
        case unreachable(String)
    }

    private func post(_ body: String, to partner: Partner) async throws -> DeliveryOutcome {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/xml; charset=utf-8")
        if let credential = partner.record.outgoingCredential {
            headers.bearerAuthorization = BearerAuthorization(token: credential)
        }
        let response = try await self.app.client.post(URI(string: partner.record.endpointURL), headers: headers) {
            $0.body = ByteBuffer(string: body)
        }
        guard let buffer = response.body, let confirmation = try? MessageCodec().decode(Array(buffer: buffer)) else {
            return .unreachable("HTTP \(response.status.code) without a confirmation")
        }
        switch confirmation {
        case .requestConfirmation(let answer), .supplyingAgencyMessageConfirmation(let answer),
            .requestingAgencyMessageConfirmation(let answer):
            let error = answer.error.map { "ERROR \($0.type.rawValue): \($0.value)" }
            // A conflict or a server error is worth another try; an ERROR answer otherwise is the partner's verdict.
            if response.status == .conflict || response.status.code >= 500 {
                return .unreachable("HTTP \(response.status.code)\(error.map { ", \($0)" } ?? "")")
            }
            if let error, answer.status == .error { return .refused(error) }
            return response.status == .ok ? .confirmed : .unreachable("HTTP \(response.status.code)")
        default:
            return .unreachable("the partner answered with a \(confirmation) instead of a confirmation")
        }
    }

    private func finish(_ message: PartnerMessageRecord, state: PartnerMessageRecord.State, error: String?) async throws
    {
        let confirmedAt = state == .confirmed ? self.app.clock.now() : nil
        try await self.app.writes.write { sql in
            try await sql.update(PartnerMessageRecord.table)
                .set("state", to: state.rawValue)
                .set("attempts", to: message.attempts + 1)
                .set("claimed_until", to: SQLLiteral.null)
                .set("last_error", to: error)
                .set("confirmed_at", to: confirmedAt)
                .where("id", .equal, message.id!).run()
        }
    }
}

extension Application {
    var partnerOutbox: PartnerOutbox { PartnerOutbox(app: self) }
}
