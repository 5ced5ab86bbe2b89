import Fluent
import Foundation
import InterloanCore
import Vapor

/// What the web session remembers: the signed-in user (staff) or patron, when they signed in, the CSRF token and
/// one flash message.
///
/// Only signed-in people have a session. An anonymous visitor's CSRF token and flash message travel in signed
/// cookies (`BrowserCookies`), so a page view by someone who is not signed in stores nothing.
enum WebSession {
    static let userKey = "user"
    static let patronKey = "patron"
    static let signedInAtKey = "signedInAt"
    static let csrfKey = "csrf"
    static let flashKey = "flash"
    /// A session older than this asks for the password again, and is then removed by the scheduler.
    static let lifetime: TimeInterval = 12 * 3600

    /// Whether the request carries the session of someone who signed in, staff or patron.
    static func isSignedIn(_ request: Request) -> Bool {
        request.hasSession && self.holdsSomeone(request.session.data)
    }

    static func holdsSomeone(_ data: SessionData) -> Bool {
        data[self.userKey] != nil || data[self.patronKey] != nil
    }

    /// Starts the session of staff member `userID` under a new identifier: whatever session the browser had
    /// before (one a third party may have planted) is removed, never promoted.
    static func signIn(userID: Int, at now: Date, on request: Request) async throws {
        try await self.start(self.userKey, id: userID, at: now, on: request)
    }

    /// Starts the session of patron `patronID` the same way; a staff session in the same browser ends.
    static func signIn(patronID: Int, at now: Date, on request: Request) async throws {
        try await self.start(self.patronKey, id: patronID, at: now, on: request)
    }

    /// The id kept under `key` while the session is younger than `lifetime`.
    static func signedIn(_ key: String, on request: Request) -> Int? {
        guard request.hasSession, let idText = request.session.data[key], let id = Int(idText),
            let signedIn = request.session.data[self.signedInAtKey].flatMap(Double.init),
            request.application.clock.now().timeIntervalSince1970 - signedIn < self.lifetime
        else { return nil }
        return id
    }

    private static func start(_ key: String, id: Int, at now: Date, on request: Request) async throws {
        if request.hasSession, let old = request.session.id {
            try await request.application.sessions.driver.deleteSession(old, for: request).get()
        }
        request.session.id = nil
        var data = SessionData()
        data[key] = String(id)
        data[self.signedInAtKey] = String(now.timeIntervalSince1970)
        data[self.csrfKey] = APITokens.generate()
        request.session.data = data
    }

    /// The CSRF token for this page's forms: the session's when signed in, else the anonymous visitor's cookie's
    /// (set on the response when the visitor has none yet).
    static func csrfToken(_ request: Request) -> String {
        if self.isSignedIn(request) {
            if let token = request.session.data[self.csrfKey] { return token }
            let token = APITokens.generate()
            request.session.data[self.csrfKey] = token
            return token
        }
        guard let cookies = request.browserCookies else { return "" }
        if let token = self.anonymousToken(request) { return token }
        if let pending = request.outgoingCookies[BrowserCookies.csrfName], let token = cookies.verified(pending.string)
        {
            return token
        }
        let token = APITokens.generate()
        request.outgoingCookies[BrowserCookies.csrfName] = cookies.cookie(token)
        return token
    }

    /// The token in the anonymous visitor's signed CSRF cookie.
    static func anonymousToken(_ request: Request) -> String? {
        guard let cookies = request.browserCookies, let cookie = request.cookies[BrowserCookies.csrfName] else {
            return nil
        }
        return cookies.verified(cookie.string)
    }

    static func setFlash(_ message: String, on request: Request) {
        if self.isSignedIn(request) {
            request.session.data[self.flashKey] = message
        } else if let cookies = request.browserCookies {
            request.outgoingCookies[BrowserCookies.flashName] = cookies.cookie(
                BrowserCookies.base64URL(Data(message.utf8)))
        }
    }

    /// The flash message, shown once.
    static func takeFlash(_ request: Request) -> String? {
        guard request.storage[SessionsAvailableKey.self] == true else { return nil }
        if self.isSignedIn(request) {
            guard let message = request.session.data[self.flashKey] else { return nil }
            request.session.data[self.flashKey] = nil
            return message
        }
        guard let cookie = request.cookies[BrowserCookies.flashName] else { return nil }
        request.outgoingCookies[BrowserCookies.flashName] = .expired
        guard let encoded = request.browserCookies?.verified(cookie.string),
            let data = BrowserCookies.data(base64URL: encoded)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Requires a signed-in user on every page behind it; others are sent to sign in and brought back afterwards.
/// On public pages (`required: false`) it only recognises a signed-in user, for the layout and team links.
struct WebAuthMiddleware: AsyncMiddleware {
    var required = true

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let caller = try await self.caller(for: request) else {
            if !self.required { return try await next.respond(to: request) }
            return Self.signIn(returningTo: request.method == .GET ? request.url.string : nil, on: request)
        }
        request.storage[CallerKey.self] = caller
        return try await next.respond(to: request)
    }

    /// To the sign-in page, which leads back to `target` when it is a plain path of this site, else home.
    static func signIn(returningTo target: String?, on request: Request) -> Response {
        let back = RedirectTarget.sameSite(target)
        return request.redirect(
            to: SiteURL.login.path + "?next="
                + (back.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? SiteURL.home.path))
    }

    private func caller(for request: Request) async throws -> Caller? {
        // Without a session cookie there is nobody to find, and no session row is created for the visitor.
        guard let id = WebSession.signedIn(WebSession.userKey, on: request),
            let user = try await UserModel.find(id, on: request.fluentReads)
        else { return nil }
        var symbol = try await request.application.libraryDirectory.consortium(on: request.fluentReads) ?? "TEAM"
        if let libraryID = user.$library.id,
            let library = try await request.application.libraryDirectory.library(id: libraryID, on: request.fluentReads)
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

/// Refuses any form post whose `_csrf` field does not match the caller's token (the session's when signed in,
/// the signed cookie's otherwise), before anything changes. On the way out it sets the cookies the handler asked
/// for and drops a session that holds nobody, so anonymous visits leave no row behind.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[SessionsAvailableKey.self] = true
        request.browserCookies = try await request.application.browserCookieSigner.cookies(on: request.reads)
        let response: Response
        // An OpenURL may arrive as a form posted from a discovery layer: it only fills a form in, so it needs no token.
        if request.method == .POST, request.url.path != SiteURL.openURL.path,
            !DocumentPagesController.checksTokenItself(request), try await !self.carriesToken(request)
        {
            response = try await WebPage.render(
                "error",
                ErrorPage(
                    title: "This form has expired",
                    message:
                        "The page was open too long or came from elsewhere, so nothing was changed. Go back, reload the page and try again."
                ),
                status: .forbidden, for: request)
        } else {
            response = try await next.respond(to: request)
        }
        for (name, cookie) in request.outgoingCookies { response.cookies[name] = cookie }
        if request.hasSession, !WebSession.holdsSomeone(request.session.data) { request.session.destroy() }
        return response
    }

    private func carriesToken(_ request: Request) async throws -> Bool {
        if request.body.data == nil {
            // A body too big for one read arrives as a stream, and the token is inside it: read it here, up to
            // the largest upload a form may send (route-level collection happens only after middleware).
            let isUpload = request.headers.contentType?.type == "multipart"
            let limit = isUpload ? HoldingsUploadController.maximumBody : request.application.routes.defaultMaxBodySize
            _ = try await request.body.collect(max: limit.value).get()
        }
        let expected =
            WebSession.isSignedIn(request)
            ? request.session.data[WebSession.csrfKey] : WebSession.anonymousToken(request)
        guard let expected, let sent = try? request.content.get(String.self, at: "_csrf") else { return false }
        return Self.constantTimeEquals(sent, expected)
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
