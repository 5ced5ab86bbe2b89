import Foundation
import SQLKit
import Vapor

/// Removes delivered files' bytes once nobody may open them any more, keeping each file's record and history:
/// every link past its day or out of views; nobody opened it within `purgeDays`; or an upload that never
/// shipped (a crash between storing and shipping) a day on.
struct DocumentPurge {
    let policy: DocumentPolicy

    /// How many files' bytes were removed.
    func run(asOf now: Date, on application: Application) async throws -> Int {
        let ready = DocumentRecord.State.ready.rawValue
        let unopenedBefore = now.addingTimeInterval(-Double(self.policy.purgeDays) * 86_400)
        let abandonedBefore = now.addingTimeInterval(-86_400)
        let links = DocumentLinkRecord.table
        let spent: SQLQueryString = """
            SELECT d.id FROM \(ident: DocumentRecord.table) d WHERE d.state = \(bind: ready) \
            AND EXISTS (SELECT 1 FROM \(ident: links) l WHERE l.document_id = d.id) \
            AND NOT EXISTS (SELECT 1 FROM \(ident: links) l WHERE l.document_id = d.id \
            AND l.views < l.max_views AND l.expires_at > \(bind: now))
            """
        let unopened: SQLQueryString = """
            SELECT d.id FROM \(ident: DocumentRecord.table) d WHERE d.state = \(bind: ready) \
            AND d.created_at < \(bind: unopenedBefore) \
            AND NOT EXISTS (SELECT 1 FROM \(ident: links) l WHERE l.document_id = d.id AND l.views > 0)
            """
        let abandoned: SQLQueryString = """
            SELECT d.id FROM \(ident: DocumentRecord.table) d WHERE d.created_at < \(bind: abandonedBefore) \
            AND d.state <> \(bind: DocumentRecord.State.purged.rawValue) \
            AND NOT EXISTS (SELECT 1 FROM \(ident: links) l WHERE l.document_id = d.id)
            """
        let sql = application.reads
        let store = DocumentStore(reads: sql, writes: application.writes)
        var purged = 0
        for query in [spent, unopened] {
            for row in try await sql.raw(query).all() {
                try await store.purge(try row.decode(column: "id", as: Int.self), at: now)
                purged += 1
            }
        }
        for row in try await sql.raw(abandoned).all() {
            try await store.discard(try row.decode(column: "id", as: Int.self))
            purged += 1
        }
        return purged
    }
}
