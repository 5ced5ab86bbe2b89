import Fluent
import Foundation
import InterloanCore
import Vapor

/// What the web session remembers: the signed-in user, when they signed in, the CSRF token and one flash message.
enum WebSession {
    static let userKey = "user"
    static let signedInAtKey = "signedInAt"
    static let csrfKey = "csrf"
    static let flashKey = "flash"
    /// A session older than this asks for the password again.
    static let lifetime: TimeInterval = 12 * 3600

    /// The CSRF token of this session, created on first use.
    static func csrfToken(_ request: Request) -> String {
        if let token = request.session.data[self.csrfKey] { return token }
        let token = APITokens.generate()
        request.session.data[self.csrfKey] = token
        return token
    }

    static func setFlash(_ message: String, on request: Request) {
        request.session.data[self.flashKey] = message
    }

    /// The flash message, shown once.
    static func takeFlash(_ request: Request) -> String? {
        guard request.storage[SessionsAvailableKey.self] == true, request.hasSession, let message = request.session.data[self.flashKey] else { return nil }
        request.session.data[self.flashKey] = nil
        return message
    }
}

/// Requires a signed-in user on every page behind it; others are sent to sign in and brought back afterwards.
/// On public pages (`required: false`) it only recognises a signed-in user, for the layout and team links.
struct WebAuthMiddleware: AsyncMiddleware {
    var required = true

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let caller = try await self.caller(for: request) else {
            if !self.required { return try await next.respond(to: request) }
            let back = request.method == .GET ? request.url.string : "/"
            let target = "/login?next=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
            return request.redirect(to: target)
        }
        request.storage[CallerKey.self] = caller
        return try await next.respond(to: request)
    }

    private func caller(for request: Request) async throws -> Caller? {
        // Without a session cookie there is nobody to find, and no session row is created for the visitor.
        guard request.hasSession, let idText = request.session.data[WebSession.userKey], let id = Int(idText),
            let signedIn = request.session.data[WebSession.signedInAtKey].flatMap(Double.init),
            request.application.clock.now().timeIntervalSince1970 - signedIn < WebSession.lifetime,
            let user = try await UserModel.find(id, on: request.db)
        else { return nil }
        var symbol = try await request.application.libraryDirectory.consortium(on: request.db) ?? "TEAM"
        if let libraryID = user.$library.id,
            let library = try await request.application.libraryDirectory.library(id: libraryID, on: request.db)
        {
            symbol = library.symbol
        }
        return Caller(
            actor: ActingParty(userID: id, name: user.name, librarySymbol: symbol, isTeam: user.role.isTeam),
            libraryID: user.$library.id, role: user.role)
    }
}

/// Marks a request as served with sessions, so error pages outside the web routes never touch one.
struct SessionsAvailableKey: StorageKey {
    typealias Value = Bool
}

/// Refuses any form post whose `_csrf` field does not match the session's token, before anything changes.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[SessionsAvailableKey.self] = true
        if request.method == .POST {
            if request.body.data == nil {
                // A body too big for one read arrives as a stream, and the token is inside it: read it here, up to
                // the largest upload a form may send (route-level collection happens only after middleware).
                let isUpload = request.headers.contentType?.type == "multipart"
                let limit = isUpload ? HoldingsUploadController.maximumBody : request.application.routes.defaultMaxBodySize
                _ = try await request.body.collect(max: limit.value).get()
            }
            let sent = try? request.content.get(String.self, at: "_csrf")
            guard let expected = request.session.data[WebSession.csrfKey], let sent,
                Self.constantTimeEquals(sent, expected)
            else {
                return try await WebPage.render(
                    "error", ErrorPage(title: "This form has expired", message:
                        "The page was open too long or came from elsewhere, so nothing was changed. Go back, reload the page and try again."),
                    status: .forbidden, for: request)
            }
        }
        return try await next.respond(to: request)
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

struct ErrorPage: Encodable {
    var title: String
    var message: String
}
