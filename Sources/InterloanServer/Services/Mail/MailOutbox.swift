import Fluent
import Foundation
import SQLKit
import Vapor

/// Delivers queued notices: each claimed by one sender at a time (so several instances can run on one
/// PostgreSQL), marked sent the moment the server accepts it, retried with growing delays when the server is
/// down or refuses, and marked failed, with the reason shown on the request, after `maximumAttempts`.
struct MailOutbox: Sendable {
    let app: Application
    let transport: any MailTransport
    let from: String
    /// How long one sender may work on a mail before another may take it over; longer than any SMTP exchange.
    static let claimDuration: TimeInterval = 600
    static let maximumAttempts = 5
    /// The wait before attempt `n + 1` after `n` failures: 1, 2, 4, 8 minutes.
    static func retryDelay(afterAttempts attempts: Int) -> TimeInterval { 60 * pow(2, Double(max(attempts - 1, 0))) }

    /// What one pass did.
    struct Pass: Sendable, Equatable {
        var sent = 0
        var retrying = 0
        var failed = 0
    }

    /// Sends every mail due now, each at most once in this pass.
    @discardableResult
    func deliverDue() async throws -> Pass {
        var pass = Pass()
        while true {
            let batch = try await self.claimDue()
            if batch.isEmpty { return pass }
            for mail in batch { try await self.deliver(mail, into: &pass) }
        }
    }

    /// Runs until the application stops, looking for due mail every `interval`.
    func run(every interval: Duration = .seconds(5)) async {
        await OutboxPolling.run(every: interval, label: "mail outbox", logger: self.app.logger) {
            _ = try await self.deliverDue()
        }
    }

    private func claimDue() async throws -> [MailRecord] {
        let now = self.app.clock.now()
        let candidates = try await self.app.reads.select().column("*").from(MailRecord.table)
            .where("state", .equal, MailRecord.State.pending.rawValue)
            .where("next_attempt_at", .lessThanOrEqual, now)
            .where(group: { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, now) })
            .orderBy("id").limit(50)
            .all(reading: MailRecord.self)
        let claimed = try await OutboxClaims.claim(
            candidates.map { $0.id! }, in: MailRecord.table, pendingState: MailRecord.State.pending.rawValue, now: now,
            until: now.addingTimeInterval(Self.claimDuration), through: self.app.writes)
        return candidates.filter { claimed.contains($0.id!) }
    }

    private func deliver(_ mail: MailRecord, into pass: inout Pass) async throws {
        let attempts = mail.attempts + 1
        do {
            try await self.transport.send(mail.outgoing(from: self.from))
        } catch {
            let reason = String(describing: error)
            let givingUp = attempts >= Self.maximumAttempts
            let nextAttempt = self.app.clock.now().addingTimeInterval(Self.retryDelay(afterAttempts: attempts))
            try await self.app.writes.write { sql in
                let update = sql.update(MailRecord.table)
                    .set("attempts", to: attempts)
                    .set("claimed_until", to: SQLLiteral.null)
                    .set("last_error", to: reason)
                    .where("id", .equal, mail.id!)
                if givingUp {
                    update.set("state", to: MailRecord.State.failed.rawValue)
                } else {
                    update.set("next_attempt_at", to: nextAttempt)
                }
                try await update.run()
            }
            if givingUp { pass.failed += 1 } else { pass.retrying += 1 }
            self.app.logger.warning("mail \(mail.id!) (\(mail.kind)) attempt \(attempts) failed: \(reason)")
            return
        }
        // Accepted: recorded at once, so no later pass sends it again.
        let sentAt = self.app.clock.now()
        try await self.app.writes.write { sql in
            try await sql.update(MailRecord.table)
                .set("state", to: MailRecord.State.sent.rawValue)
                .set("attempts", to: attempts)
                .set("claimed_until", to: SQLLiteral.null)
                .set("sent_at", to: sentAt)
                .where("id", .equal, mail.id!).run()
        }
        pass.sent += 1
    }
}

extension Application {
    private struct MailSettingsKey: StorageKey {
        typealias Value = MailSettings
    }

    /// Set by `configure`.
    var mailSettings: MailSettings {
        get { self.storage[MailSettingsKey.self] ?? MailSettings(delivery: .files(directory: "mail")) }
        set { self.storage[MailSettingsKey.self] = newValue }
    }

    /// The outbox, delivering as configured.
    var mailOutbox: MailOutbox {
        let settings = self.mailSettings
        let transport: any MailTransport
        switch settings.delivery {
        case .smtp(let configuration):
            transport = SMTPTransport(client: SMTPClient(configuration: configuration, group: self.eventLoopGroup))
        case .files(let directory):
            transport = FileTransport(directory: URL(fileURLWithPath: directory, isDirectory: true))
        }
        return MailOutbox(app: self, transport: transport, from: settings.from)
    }
}
