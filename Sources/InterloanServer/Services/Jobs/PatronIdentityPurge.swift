import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Removes who a request was for once it has ended long enough ago: the patron's id, name, email and account,
/// the link it was placed from, the address its emails to the patron went to, and what its NCIP calls carried
/// (the messages, which name the patron, and the ILS's answers, which may). The request, its history and every figure stay. Each library's own shorter retention applies to
/// the requests it borrowed; the consortium's to the rest.
struct PatronIdentityPurge {
    let defaultDays: Int

    /// The rows cleared, requests and calls together.
    func run(asOf now: Date, on application: Application) async throws -> Int {
        let rows = try await application.db.asSQL.select().column("id").column("patron_retention_days")
            .from(LibraryModel.schema).where("patron_retention_days", .isNot, SQLLiteral.null)
            .where("patron_retention_days", .lessThan, self.defaultDays).all()
        var libraries: [Int: [Int]] = [:]
        for row in rows {
            let days = try row.decode(column: "patron_retention_days", as: Int.self)
            libraries[days, default: []].append(try row.decode(column: "id", as: Int.self))
        }
        var total = 0
        for (days, ids) in libraries.sorted(by: { $0.key < $1.key }) {
            total += try await Self.purge(
                endedBefore: now.addingTimeInterval(-Double(days) * 86_400), borrowers: ids, on: application)
        }
        // The libraries above were purged with their shorter time already: the consortium's finds nothing more
        // of theirs.
        total += try await Self.purge(
            endedBefore: now.addingTimeInterval(-Double(self.defaultDays) * 86_400), borrowers: nil, on: application)
        return total
    }

    private static func purge(endedBefore cutoff: Date, borrowers: [Int]?, on application: Application) async throws
        -> Int
    {
        let ended = RequestStatus.allCases.filter(\.isFinal).map(\.rawValue)
        var requests: SQLQueryString =
            "SELECT id FROM \(ident: RequestRecord.table) WHERE status IN (\(binds: ended)) AND updated_at < \(bind: cutoff)"
        if let borrowers { requests += " AND borrower_id IN (\(binds: borrowers))" }
        let limit = SQLQueryString("LIMIT \(unsafeRaw: String(Retention.chunk))")
        let calls = try await Retention.inChunks(
            on: application,
            """
            UPDATE \(ident: ILSCallRecord.table) SET patron_id = NULL, sent = NULL, received = NULL, problem = NULL \
            WHERE id IN (SELECT id FROM \(ident: ILSCallRecord.table) WHERE request_id IN (\(requests)) AND \
            (patron_id IS NOT NULL OR sent IS NOT NULL OR received IS NOT NULL OR problem IS NOT NULL) \(limit))
            """)
        // The patron's address on the emails they were sent; a mail still waiting to go keeps it.
        let mails = try await Retention.inChunks(
            on: application,
            """
            UPDATE \(ident: MailRecord.table) SET recipient = '' WHERE id IN (SELECT id FROM \(ident: MailRecord.table) \
            WHERE request_id IN (\(requests)) AND kind LIKE 'patron-%' AND recipient <> '' AND state <> 'pending' \
            \(limit))
            """)
        // Read through the index of the requests still holding an identity (`+borrower_id` keeps SQLite off the
        // borrower index), so each chunk skips the requests purged before instead of reading them all again.
        var kept: SQLQueryString = """
            SELECT id FROM \(ident: RequestRecord.table) WHERE status IN (\(binds: ended)) AND updated_at < \(bind: cutoff) \
            AND (\(unsafeRaw: Self.holdsIdentity))
            """
        if let borrowers { kept += " AND +borrower_id IN (\(binds: borrowers))" }
        let identities = try await Retention.inChunks(
            on: application,
            """
            UPDATE \(ident: RequestRecord.table) SET patron_id = NULL, patron_name = NULL, patron_email = NULL, \
            open_url = NULL, patron_account_id = NULL, patron_ask = NULL, patron_ask_at = NULL \
            WHERE id IN (\(kept) \(limit))
            """)
        return calls + mails + identities
    }

    /// The condition of the index `requests_patron_identity`, word for word: SQLite uses a partial index only for a
    /// query that states its condition.
    static let holdsIdentity =
        "patron_id IS NOT NULL OR patron_name IS NOT NULL OR patron_email IS NOT NULL OR open_url IS NOT NULL "
        + "OR patron_account_id IS NOT NULL"
}
