import Foundation
import SQLKit
import Vapor

/// An ISO 18626 message to a partner as staff see it: what it said, to whom, and where its delivery stands
/// (`pending` before the first try, `retrying` after a failed one, `confirmed`, or `rejected` with the
/// partner's ERROR).
struct PartnerMessageResource: Content {
    var summary: String
    var kind: String
    var partner: String
    var state: String
    var attempts: Int
    var lastError: String?
    var createdAt: String
    var confirmedAt: String?
    var nextAttemptAt: String?

    static func list(for requestID: Int, on request: Request) async throws -> [PartnerMessageResource] {
        let records = try await request.reads.select().column("*").from(PartnerMessageRecord.table)
            .where("request_id", .equal, requestID).orderBy("id").all(reading: PartnerMessageRecord.self)
        var resources: [PartnerMessageResource] = []
        for record in records {
            let partner = try await request.partners.partner(id: record.partnerID)
            resources.append(PartnerMessageResource(record, partner: partner?.library.symbol ?? "?"))
        }
        return resources
    }

    init(_ record: PartnerMessageRecord, partner: String) {
        self.summary = record.summary
        self.kind = record.kind
        self.partner = partner
        switch record.state {
        case .pending: self.state = record.attempts == 0 ? "pending" : "retrying"
        case .confirmed: self.state = "confirmed"
        case .rejected: self.state = "rejected"
        }
        self.attempts = record.attempts
        self.lastError = record.lastError
        self.createdAt = Timestamp.string(record.createdAt)
        self.confirmedAt = record.confirmedAt.map(Timestamp.string)
        self.nextAttemptAt = record.state == .pending ? Timestamp.string(record.nextAttemptAt) : nil
    }
}
