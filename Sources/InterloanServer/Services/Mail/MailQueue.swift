import Fluent
import Foundation
import InterloanCore
import SQLKit

/// Turns notices into outbox rows (rendered, addressed to each library's ILL contact, minus the reminders it
/// switched off) and writes them; a notice already queued under the same key is left alone, so a rule that
/// reaches the same notice twice, or two instances running the same pass, queue it once.
struct MailQueue: Sendable {
    let directory: LibraryDirectory
    let database: any Database

    /// The rows for `notices` about request `requestID`, each under the key `key(notice)`.
    func records(
        for notices: [Notice], requestID: Int?, at now: Date, key: (Notice) -> String
    ) async throws -> [MailRecord] {
        guard !notices.isEmpty else { return [] }
        let consortium = try await self.directory.consortiumName(on: self.database)
        var records: [MailRecord] = []
        for notice in notices {
            guard let library = try await self.directory.library(symbol: notice.recipient, on: self.database),
                library.receives(notice.kind), !library.contactEmail.isEmpty
            else { continue }
            let rendered = NoticeTemplates.render(notice, consortium: consortium)
            records.append(
                MailRecord(
                    requestID: requestID, libraryID: library.id, kind: notice.kind.rawValue, dedupeKey: key(notice),
                    recipient: library.contactEmail, subject: rendered.subject, textBody: rendered.text,
                    htmlBody: rendered.html, state: .pending, attempts: 0, nextAttemptAt: now, createdAt: now))
        }
        return records
    }

    static func enqueue(_ records: [MailRecord], on sql: any SQLDatabase) async throws {
        for insert in try self.inserts(records) { try await sql.raw(insert).run() }
    }

    /// The statements that queue `records`, a notice already queued under the same key being left alone.
    static func inserts(_ records: [MailRecord]) throws -> [SQLQueryString] {
        // One statement a notice: absent values take the column defaults, and notices differ in which they lack.
        try records.map {
            try RowInsert.query([$0], nilAsNull: false, suffix: "ON CONFLICT (dedupe_key) DO NOTHING")
        }
    }
}

extension Notice {
    /// The key of a notice caused by the lifecycle change that made version `version` of its request.
    func lifecycleKey(requestID: Int, version: Int) -> String {
        "\(self.kind.rawValue):\(requestID):v\(version):\(self.recipient)"
    }
}
