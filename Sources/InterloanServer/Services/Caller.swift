import Crypto
import Fluent
import Foundation
import InterloanCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Who is calling the API, established from the bearer token.
struct Caller: Sendable {
    let actor: ActingParty
    /// The caller's library; nil for the consortium team.
    let libraryID: Int?
    let role: StaffRole

    var isTeam: Bool { self.role.isTeam }
}

/// Issues and checks API tokens; only a SHA-256 digest of each token is ever stored.
enum APITokens {
    /// A new random token, shown once.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "il_"
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}

/// Lower-case hexadecimal, without `String(format:)`, which is slow enough to show on every API call.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var characters: [UInt8] = []
        for byte in bytes {
            characters.append(self.digits[Int(byte >> 4)])
            characters.append(self.digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}

/// Requires a valid bearer token and makes the caller available to handlers; everything else is a 401.
///
/// A future-based middleware: a token seen in the last seconds, of a library the directory has in memory, is
/// checked on the event loop without a task. An `AsyncMiddleware` would run every API call in a task of its own,
/// two more trips between the event loop and the task pool per call.
struct BearerAuthMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let token = request.headers.bearerAuthorization?.token else {
            return request.eventLoop.makeFailedFuture(
                APIError.unauthorized("send an API token as 'Authorization: Bearer <token>'"))
        }
        let digest = APITokens.digest(token)
        if let stored = request.application.tokenCache.valid(digest),
            let caller = Self.caller(stored, directory: request.application.libraryDirectory)
        {
            request.storage[CallerKey.self] = caller
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask {
            request.storage[CallerKey.self] = try await Self.lookUp(digest, for: request)
        }.flatMap {
            next.respond(to: request)
        }
    }

    /// The caller `stored` names, when the directory's copy in memory is fresh and knows its library.
    private static func caller(_ stored: TokenRecord, directory: LibraryDirectory) -> Caller? {
        let symbol: String?
        if let libraryID = stored.libraryID {
            symbol = directory.libraryInMemory(id: libraryID)?.symbol
        } else {
            symbol = directory.consortiumInMemory()
        }
        return symbol.map { Self.caller(stored, symbol: $0) }
    }

    private static func caller(_ stored: TokenRecord, symbol: String) -> Caller {
        Caller(
            actor: ActingParty(userID: nil, name: stored.label, librarySymbol: symbol, isTeam: stored.role.isTeam),
            libraryID: stored.libraryID, role: stored.role)
    }

    /// The caller of the token with `digest`, from the database and a directory reloaded if need be.
    private static func lookUp(_ digest: String, for request: Request) async throws -> Caller {
        let cache = request.application.tokenCache
        let stored: TokenRecord
        if let cached = cache.valid(digest) {
            stored = cached
        } else {
            // Every API call passes here: plain SQL, not a reflective Fluent model.
            guard
                let found = try await request.reads.select()
                    .columns("label", "role", "library_id").from(APITokenModel.schema)
                    .where("token_hash", .equal, digest)
                    .where("revoked_at", .is, SQLLiteral.null)
                    .first(decoding: TokenRecord.self)
            else {
                throw APIError.unauthorized("the API token is unknown or revoked")
            }
            cache.remember(found, for: digest)
            stored = found
        }
        let directory = request.application.libraryDirectory
        let library = try await stored.libraryID.asyncMap {
            try await directory.library(id: $0, on: request.fluentReads)
        }
        let symbol: String
        if let library {
            symbol = library.symbol
        } else {
            symbol = try await directory.consortium(on: request.fluentReads) ?? "TEAM"
        }
        return Self.caller(stored, symbol: symbol)
    }
}

/// The columns of `api_tokens` that identify a caller.
struct TokenRecord: Decodable, Sendable {
    let label: String
    let role: StaffRole
    let libraryID: Int?

    enum CodingKeys: String, CodingKey {
        case label, role
        case libraryID = "library_id"
    }
}

/// Valid tokens seen in the last few seconds, so a busy client does not cost a query per call. Only valid
/// tokens are kept, and only briefly: a revoked token stops working within `lifetime` on every instance.
final class TokenCache: Sendable {
    static let lifetime: TimeInterval = 5
    private let entries = NIOLockedValueBox<[String: (record: TokenRecord, until: Date)]>([:])
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    func valid(_ digest: String) -> TokenRecord? {
        self.entries.withLockedValue { entries in
            guard let entry = entries[digest] else { return nil }
            if entry.until < self.now() {
                entries[digest] = nil
                return nil
            }
            return entry.record
        }
    }

    func remember(_ record: TokenRecord, for digest: String) {
        self.entries.withLockedValue { entries in
            // A flood of distinct tokens cannot grow the cache without bound.
            if entries.count > 10_000 { entries.removeAll() }
            entries[digest] = (record, self.now().addingTimeInterval(Self.lifetime))
        }
    }
}

extension Application {
    private struct TokenCacheKey: StorageKey {
        typealias Value = TokenCache
    }

    /// Set by `configure`; read by every API call.
    var tokenCache: TokenCache {
        get { self.configured(TokenCacheKey.self) }
        set { self.storage[TokenCacheKey.self] = newValue }
    }
}

struct CallerKey: StorageKey {
    typealias Value = Caller
}

extension Request {
    /// The authenticated caller; routes behind `BearerAuthMiddleware` always have one.
    var caller: Caller {
        get throws {
            guard let caller = self.storage[CallerKey.self] else {
                throw APIError.unauthorized("this route needs an API token")
            }
            return caller
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
