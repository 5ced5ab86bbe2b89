import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Emails to patrons about their own requests, through the same outbox as the libraries' notices: queued in the
/// transaction of the change that causes them, each under a key that queues it once, addressed to the email of
/// the patron's portal account, and left out when the patron switched that kind off. The outbox row belongs to
/// the borrowing library, whose staff see it in their mail; a lender never does.
struct PatronMail: Sendable {
    let directory: LibraryDirectory
    let database: any Database
    let reads: any SQLDatabase

    init(_ request: Request) {
        self.directory = request.application.libraryDirectory
        self.database = request.fluentReads
        self.reads = request.reads
    }

    init(_ application: Application) {
        self.directory = application.libraryDirectory
        self.database = application.db
        self.reads = application.reads
    }

    /// Builds the outbox row of one email once the request's id is known (a new request's is assigned inside its
    /// insert's transaction), under `key(id)`.
    typealias Builder = @Sendable (_ requestID: Int) -> MailRecord

    /// The builder of the email `kind` about the request in `row` and `state`, or nil when it has no patron account
    /// with an email, or the patron wants only the decisions. Everything read from the database is read here.
    func builder(
        _ kind: PatronNoticeKind, row: RequestRecord, state: RequestState, at now: Date,
        key: @escaping @Sendable (Int) -> String
    ) async throws -> Builder? {
        guard let accountID = row.patronAccountID,
            let patron = try await self.reads.select().column("*").from(PatronRecord.table)
                .where("id", .equal, accountID).first(reading: PatronRecord.self),
            let email = patron.email, patron.wants(kind),
            let library = try await self.directory.library(id: row.borrowerID, on: self.database)
        else { return nil }
        let consortium = try await self.directory.consortiumName(on: self.database)
        var notice = PatronNotice(
            kind: kind, requestNumber: "", title: row.title, serviceType: state.serviceType, library: library.name)
        notice.dueDate = state.dueDate
        switch kind {
        case .renewalApproved, .renewalDenied: notice.note = state.renewals.last?.note
        case .notAvailable: notice.note = PatronWording.notAvailableReason(state)
        default: break
        }
        return { [notice] requestID in
            var addressed = notice
            addressed.requestNumber = RequestNumber.encode(requestID)
            let rendered = addressed.render(consortium: consortium)
            return MailRecord(
                requestID: requestID, libraryID: library.id, kind: kind.mailKind, dedupeKey: key(requestID),
                recipient: email, subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html,
                state: .pending, attempts: 0, nextAttemptAt: now, createdAt: now)
        }
    }

    /// The write that queues the email a lifecycle change to `version` sends the patron (`action` nil: the
    /// placing), if any.
    func sideWrites(
        action: Action?, before: RequestState?, after: RequestState, row: RequestRecord, version: Int, at now: Date
    ) async throws -> SideWrites? {
        guard row.patronAccountID != nil, let kind = PatronNotice.kind(action: action, before: before, after: after),
            let build = try await self.builder(
                kind, row: row, state: after, at: now, key: { "\(kind.mailKind):\($0):v\(version)" })
        else { return nil }
        return { sql, id in try await MailQueue.enqueue([build(id)], on: sql) }
    }
}

extension PatronRecord {
    /// Whether the patron gets emails of `kind`.
    func wants(_ kind: PatronNoticeKind) -> Bool { kind.isDecision || self.notices != "decisions" }
}
