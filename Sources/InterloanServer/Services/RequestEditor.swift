import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Corrects what a request asks for (title, author, identifiers, copy details, needed-by date, notes) while no
/// lender has it yet: a patron's request staff check before routing it, or one waiting for a lender. The same
/// rules as placing hold, the version guards against a concurrent change, and the history says who changed which
/// fields.
struct RequestEditor {
    let request: Request

    /// The statuses in which the item may still be corrected: no lender has seen it.
    static let editable: Set<RequestStatus> = [.submitted, .needsLender]
    static let fields = [
        "title", "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume", "issue", "pages",
        "neededBy", "notes",
    ]
    static let eventAction = "edit"

    /// The fields' current values on `row`.
    static func values(of row: RequestRecord) -> [String: String] {
        [
            "title": row.title, "author": row.author, "isbn": row.isbn, "issn": row.issn,
            "oclcNumber": row.oclcNumber, "articleTitle": row.articleTitle, "journalTitle": row.journalTitle,
            "volume": row.volume, "issue": row.issue, "pages": row.pages, "neededBy": row.neededBy,
            "notes": row.notes,
        ].compactMapValues { $0 }
    }

    /// Whether `caller` may correct `stored` now.
    static func mayEdit(_ stored: StoredRequest, by caller: Caller) -> Bool {
        Self.editable.contains(stored.state.status)
            && !caller.actor.roles(in: stored.state).isDisjoint(with: [.borrower, .team])
    }

    /// Applies `form` (every field; an empty one clears it) to `stored`, from `version`.
    func edit(_ stored: StoredRequest, form: [String: String], version: Int?, by caller: Caller) async throws
        -> StoredRequest
    {
        guard Self.mayEdit(stored, by: caller) else {
            throw APIError.conflict(
                "the item can be corrected only by the borrowing library or the team, before a lender has it",
                allowed: [])
        }
        if let version, version != stored.version { throw APIError.staleVersion }
        var body: [String: JSONValue] = ["serviceType": .string(stored.state.serviceType.rawValue)]
        for name in Self.fields {
            if let value = form[name], !value.isEmpty { body[name] = .string(value) }
        }
        let (input, errors) = PlaceRequestInput.parse(body)
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        var row = input.makeRow(borrowerID: stored.row.borrowerID)
        row.openURL = stored.row.openURL
        let before = Self.values(of: stored.row)
        let after = Self.values(of: row)
        let changed = Self.fields.filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return stored }
        let now = self.request.application.clock.now()
        let event = RequestStore.eventRecord(
            LifecycleEvent(
                action: Self.eventAction, from: stored.state.status, to: stored.state.status,
                details: ["changed": changed.joined(separator: ", ")]),
            requestID: stored.id, by: caller.actor, at: now)
        let update: SQLQueryString = """
            UPDATE requests SET title = \(bind: row.title), author = \(bind: row.author), isbn = \(bind: row.isbn), \
            issn = \(bind: row.issn), oclc_number = \(bind: row.oclcNumber), \
            article_title = \(bind: row.articleTitle), journal_title = \(bind: row.journalTitle), \
            volume = \(bind: row.volume), issue = \(bind: row.issue), pages = \(bind: row.pages), \
            needed_by = \(bind: row.neededBy), notes = \(bind: row.notes), search_text = \(bind: row.searchText), \
            version = \(bind: stored.version + 1), updated_at = \(bind: now) \
            WHERE id = \(bind: stored.id) AND version = \(bind: stored.version) RETURNING id
            """
        let writes = self.request.writes
        let statements = try [update, try RowInsert.query([event], nilAsNull: true)].map(writes.ready)
        try await writes.write { sql in
            guard !(try await sql.rows(statements[0])).isEmpty else { throw APIError.staleVersion }
            try await sql.run(statements[1])
        }
        guard let saved = try await RequestStore(self.request).find(stored.id) else { throw APIError.staleVersion }
        return saved
    }
}
