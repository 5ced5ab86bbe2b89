import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A notice mail as staff see it: what it is, to whom, and where its delivery stands (`pending` before the first
/// try, `retrying` after a failed one, `sent`, or `failed` with the last error after every attempt).
struct MailResource: Content {
    var id: Int
    var kind: String
    var label: String
    var request: String?
    var library: String?
    var to: String
    var subject: String
    var state: String
    var attempts: Int
    var lastError: String?
    var createdAt: String
    var sentAt: String?
    var nextAttemptAt: String?

    /// The mails about `requestID` this caller may see: its own library's, or all for the team.
    static func list(for requestID: Int, caller: Caller, on request: Request) async throws -> [MailResource] {
        let query = request.reads.select().column("*").from(MailRecord.table).where("request_id", .equal, requestID)
        if !caller.isTeam { query.where("library_id", .equal, caller.libraryID ?? -1) }
        return try await self.resources(query.orderBy("id").all(reading: MailRecord.self), on: request)
    }

    static func resources(_ records: [MailRecord], on request: Request) async throws -> [MailResource] {
        var resources: [MailResource] = []
        for record in records {
            let library = try await record.libraryID.asyncMap {
                try await request.application.libraryDirectory.library(id: $0, on: request.fluentReads)?.symbol
            }
            resources.append(MailResource(record, library: library))
        }
        return resources
    }

    init(_ record: MailRecord, library: String?) {
        self.id = record.id ?? 0
        self.kind = record.kind
        self.label =
            NoticeKind(rawValue: record.kind)?.label
            ?? PatronNoticeKind.allCases.first { $0.mailKind == record.kind }?.label
            ?? OutsideReferrals.labels[record.kind] ?? record.kind
        self.request = record.requestID.map(RequestNumber.encode)
        self.library = library
        self.to = record.recipient
        self.subject = record.subject
        switch record.state {
        case .pending: self.state = record.attempts == 0 ? "pending" : "retrying"
        case .sent: self.state = "sent"
        case .failed: self.state = "failed"
        }
        self.attempts = record.attempts
        self.lastError = record.lastError
        self.createdAt = Timestamp.string(record.createdAt)
        self.sentAt = record.sentAt.map(Timestamp.string)
        self.nextAttemptAt = record.state == .pending ? Timestamp.string(record.nextAttemptAt) : nil
    }
}
