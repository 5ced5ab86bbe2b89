import Foundation
import SQLKit
import Vapor

/// Web sessions in the database, so every instance serves them: only a SHA-256 digest of each identifier is
/// stored (a copy of the table signs nobody in), each row carries the instant it expires, and the scheduler
/// removes the expired ones.
///
/// Only signed-in people have a session (`SessionGuard` drops one that holds nobody); a session is written when
/// its data changed, not on every page view.
struct DatabaseSessions: AsyncSessionDriver {
    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: APITokens.generate())
        let row = WebSessionRecord(
            idDigest: APITokens.digest(id.string), data: try Self.encode(data),
            expiresAt: request.application.clock.now().addingTimeInterval(WebSession.lifetime))
        try await request.writes.write { sql in
            try await sql.insert(into: WebSessionRecord.table).row(row).run()
        }
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        // A cookie longer than any identifier issued is no session; it is not worth a digest and a query.
        guard sessionID.string.utf8.count <= 64 else { return nil }
        let row = try await request.reads.select().columns("data").from(WebSessionRecord.table)
            .where("id_digest", .equal, APITokens.digest(sessionID.string))
            .where("expires_at", .greaterThan, request.application.clock.now())
            .first()
        guard let text = try row?.decode(column: "data", as: String.self),
            let data = try? JSONDecoder().decode(SessionData.self, from: Data(text.utf8))
        else { return nil }
        request.storage[ReadDataKey.self] = data
        return data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        // Most page views change nothing in the session: then nothing is written.
        if request.storage[ReadDataKey.self] == data { return sessionID }
        let digest = APITokens.digest(sessionID.string)
        let text = try Self.encode(data)
        try await request.writes.write { sql in
            try await sql.update(WebSessionRecord.table).set("data", to: text).where("id_digest", .equal, digest).run()
        }
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        let digest = APITokens.digest(sessionID.string)
        try await request.writes.write { sql in
            try await sql.delete(from: WebSessionRecord.table).where("id_digest", .equal, digest).run()
        }
    }

    /// Removes every session expired at `now`; the number removed.
    static func purge(expiredAt now: Date, on application: Application) async throws -> Int {
        try await application.writes.write { sql in
            try await sql.delete(from: WebSessionRecord.table).where("expires_at", .lessThanOrEqual, now)
                .returning("id_digest").all().count
        }
    }

    private static func encode(_ data: SessionData) throws -> String {
        String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
    }

    /// The session's data as read at the start of the request.
    private struct ReadDataKey: StorageKey {
        typealias Value = SessionData
    }
}

/// A row of `web_sessions`.
struct WebSessionRecord: StoredRow {
    static let table = "web_sessions"

    var idDigest: String
    var data: String
    var expiresAt: Date

    static let columns: [Column<Self>] = [
        .text("id_digest", \.idDigest), .text("data", \.data), .date("expires_at", \.expiresAt),
    ]

    static var unread: Self { Self(idDigest: "", data: "", expiresAt: .distantPast) }
}
