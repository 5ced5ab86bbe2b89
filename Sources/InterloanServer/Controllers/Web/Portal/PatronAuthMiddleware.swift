import Vapor

/// Requires a signed-in patron on every portal page behind it; anyone else is sent to the portal's sign-in and
/// brought back afterwards. Staff sessions open no portal page: staff work at their desk.
struct PatronAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let patron = try await Self.patron(of: request) else {
            return Self.signIn(returningTo: request.method == .GET ? request.url.string : nil, on: request)
        }
        request.storage[SignedInPatronKey.self] = patron
        return try await next.respond(to: request)
    }

    /// The patron whose live session this request carries, if any.
    static func patron(of request: Request) async throws -> SignedInPatron? {
        guard let id = WebSession.signedIn(WebSession.patronKey, on: request),
            let patron = try await request.reads.select().column("*").from(PatronRecord.table)
                .where("id", .equal, id).first(reading: PatronRecord.self),
            let library = try await request.application.libraryDirectory.library(
                id: patron.libraryID, on: request.fluentReads)
        else { return nil }
        return SignedInPatron(record: patron, library: library)
    }

    /// To the portal's sign-in page, which leads back to `target` when it is a plain path of this site.
    static func signIn(returningTo target: String?, on request: Request) -> Response {
        let back = RedirectTarget.sameSite(target ?? SiteURL.portal.path)
        let encoded = back.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? SiteURL.portal.path
        return request.redirect(to: SiteURL.portalLogin.path + "?next=" + encoded)
    }
}

/// The patron a portal page serves, with their library.
struct SignedInPatron: Sendable {
    var record: PatronRecord
    var library: LibraryInfo

    var id: Int { self.record.id ?? 0 }
}

struct SignedInPatronKey: StorageKey {
    typealias Value = SignedInPatron
}

extension Request {
    /// The signed-in patron; only portal routes behind `PatronAuthMiddleware` have one.
    var patron: SignedInPatron {
        get throws {
            guard let patron = self.storage[SignedInPatronKey.self] else {
                throw Abort(.unauthorized, reason: "Sign in to see your requests.")
            }
            return patron
        }
    }
}

extension CharacterSet {
    /// The characters RFC 3986 leaves unescaped anywhere in a URL.
    static let urlQueryValueAllowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
