import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Subscribing an address to a list with double opt-in, confirming it, and unsubscribing it.
///
/// An address gets at most one live confirmation link per list: asking again within `resendInterval` sends
/// nothing, and no address gets more than `maximumConfirmations` confirmation mails. Every request is answered
/// the same way, so the answer does not tell whether an address is subscribed.
struct Subscriptions {
    let application: Application
    let database: any Database
    static let resendInterval: TimeInterval = 600
    static let maximumConfirmations = 5

    private var sql: any SQLDatabase { self.database.asSQL }

    /// What became of a subscription request.
    enum Outcome: Equatable {
        case confirmationQueued
        /// Nothing sent: a confirmation is already on its way, the address has had enough, or is subscribed.
        case nothingSent
    }

    func list(slug: String) async throws -> AnnouncementListRecord? {
        try await self.sql.select().column("*").from(AnnouncementListRecord.table).where("slug", .equal, slug)
            .first(reading: AnnouncementListRecord.self)
    }

    func all() async throws -> [AnnouncementListRecord] {
        try await self.sql.select().column("*").from(AnnouncementListRecord.table).orderBy("id")
            .all(reading: AnnouncementListRecord.self)
    }

    /// The address as stored, or a 422 naming the problem.
    static func address(_ value: JSONValue?) throws -> String {
        guard case .string(let text)? = value else {
            throw APIError.invalidFields([FieldError(field: "email", message: "required: the address to subscribe")])
        }
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard EmailAddress.isValid(address) else {
            throw APIError.invalidFields([FieldError(field: "email", message: "\(text) is not an email address")])
        }
        return address
    }

    func subscribe(_ address: String, to list: AnnouncementListRecord) async throws -> Outcome {
        let now = self.application.clock.now()
        let existing = try await self.sql.select().column("*").from(SubscriptionRecord.table)
            .where("list_id", .equal, list.id!).where("email", .equal, address).first(reading: SubscriptionRecord.self)
        if let existing {
            if existing.state == .confirmed { return .nothingSent }
            if existing.confirmationsSent >= Self.maximumConfirmations { return .nothingSent }
            if existing.state == .pending, let sent = existing.confirmSentAt,
                now.timeIntervalSince(sent) < Self.resendInterval
            {
                return .nothingSent
            }
        }
        let token = ListLinks.newToken()
        let links = try await ListLinks.load(self.application, on: self.database)
        let consortium = try await self.application.libraryDirectory.consortiumName(on: self.database)
        let listID = list.id!
        let queued = try await self.application.writes.write { sql -> Bool in
            let id: Int
            let sent: Int
            if let existing {
                // Only if nobody else renewed it meanwhile: two requests at once send one mail.
                let updated = try await sql.update(SubscriptionRecord.table)
                    .set("state", to: SubscriptionRecord.State.pending.rawValue)
                    .set("confirm_token_hash", to: APITokens.digest(token))
                    .set("confirmations_sent", to: existing.confirmationsSent + 1)
                    .set("confirm_sent_at", to: now).set("requested_at", to: now)
                    .where("id", .equal, existing.id!).where("confirmations_sent", .equal, existing.confirmationsSent)
                    .returning("id").all()
                guard !updated.isEmpty else { return false }
                (id, sent) = (existing.id!, existing.confirmationsSent + 1)
            } else {
                let record = SubscriptionRecord(
                    listID: listID, email: address, state: .pending, confirmTokenHash: APITokens.digest(token),
                    confirmationsSent: 1, confirmSentAt: now, requestedAt: now)
                guard
                    let inserted = try await sql.insert(into: SubscriptionRecord.table).row(record)
                        .ignoringConflicts(with: ["list_id", "email"]).returning("id").first()
                else { return false }
                (id, sent) = (try inserted.decode(column: "id", as: Int.self), 1)
            }
            let link = links.confirmation(list.slug, subscription: id, token: token)
            let mail = ListMail.confirmation(list: list, link: link, consortium: consortium)
            try await MailQueue.enqueue(
                [
                    MailRecord(
                        requestID: nil, libraryID: nil, kind: "listConfirmation",
                        dedupeKey: "listConfirmation:\(id):\(sent)",
                        recipient: address, subject: mail.subject, textBody: mail.text, htmlBody: mail.html,
                        state: .pending,
                        attempts: 0, nextAttemptAt: now, createdAt: now)
                ], on: sql)
            return true
        }
        return queued ? .confirmationQueued : .nothingSent
    }

    /// What following a confirmation link did.
    enum Confirmation: Equatable {
        case confirmed(email: String)
        case alreadyUsed(email: String)
        case unknown
    }

    func confirm(subscription id: Int, token: String, on list: AnnouncementListRecord) async throws -> Confirmation {
        guard let record = try await self.subscription(id, on: list),
            let hash = record.confirmTokenHash, hash == APITokens.digest(token)
        else { return .unknown }
        if record.state == .confirmed { return .alreadyUsed(email: record.email) }
        guard record.state == .pending else { return .unknown }
        let now = self.application.clock.now()
        let updated = try await self.application.writes.write { database in
            try await database.update(SubscriptionRecord.table)
                .set("state", to: SubscriptionRecord.State.confirmed.rawValue).set("confirmed_at", to: now)
                .where("id", .equal, id).where("state", .equal, SubscriptionRecord.State.pending.rawValue)
                .returning("id").all()
        }
        return updated.isEmpty ? .alreadyUsed(email: record.email) : .confirmed(email: record.email)
    }

    /// Unsubscribes when the signed token matches; returns the address, or nil for a link that is not valid.
    func unsubscribe(subscription id: Int, token: String, on list: AnnouncementListRecord) async throws -> String? {
        guard let record = try await self.subscription(id, on: list) else { return nil }
        let links = try await ListLinks.load(self.application, on: self.database)
        guard links.isValidUnsubscribe(token, subscription: id, email: record.email) else { return nil }
        let now = self.application.clock.now()
        try await self.application.writes.write { database in
            try await database.update(SubscriptionRecord.table)
                .set("state", to: SubscriptionRecord.State.unsubscribed.rawValue).set("unsubscribed_at", to: now)
                .where("id", .equal, id).where("state", .notEqual, SubscriptionRecord.State.unsubscribed.rawValue).run()
        }
        return record.email
    }

    /// Every subscription of `list`, for the team, newest first.
    func subscribers(of list: AnnouncementListRecord) async throws -> [SubscriptionRecord] {
        try await self.sql.select().column("*").from(SubscriptionRecord.table).where("list_id", .equal, list.id!)
            .orderBy("id", .descending).all(reading: SubscriptionRecord.self)
    }

    /// Removes a subscription (the team); false when there was none.
    func remove(_ id: Int, from list: AnnouncementListRecord) async throws -> Bool {
        let removed = try await self.application.writes.write { database in
            try await database.delete(from: SubscriptionRecord.table).where("id", .equal, id)
                .where("list_id", .equal, list.id!).returning("id").all()
        }
        return !removed.isEmpty
    }

    private func subscription(_ id: Int, on list: AnnouncementListRecord) async throws -> SubscriptionRecord? {
        try await self.sql.select().column("*").from(SubscriptionRecord.table).where("id", .equal, id)
            .where("list_id", .equal, list.id!).first(reading: SubscriptionRecord.self)
    }
}
