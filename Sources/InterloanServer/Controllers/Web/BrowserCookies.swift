import Crypto
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The cookies an anonymous visitor carries instead of a session: the CSRF token of the sign-in and subscription
/// forms, and a message shown once after a form. Each is signed with the installation's secret, so none can be
/// forged or altered, and none costs a database row.
struct BrowserCookies: Sendable {
    static let csrfName = "interloan_csrf"
    static let flashName = "interloan_flash"

    private let key: SymmetricKey
    let secure: Bool

    init(key: SymmetricKey, secure: Bool) {
        self.key = key
        self.secure = secure
    }

    /// `value` (cookie-safe text) with its signature.
    func signed(_ value: String) -> String {
        value + "." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: self.key)))
    }

    /// The value of a signed cookie, or nil when its signature does not match.
    func verified(_ cookie: String) -> String? {
        guard cookie.utf8.count <= 4096, let dot = cookie.lastIndex(of: ".") else { return nil }
        let value = String(cookie[..<dot])
        let encoded = String(cookie[cookie.index(after: dot)...])
        // Only the canonical spelling: base64's last character carries unused bits, and a signature that decodes
        // the same from two spellings would let a changed link pass as the original.
        guard let signature = Self.data(base64URL: encoded), Self.base64URL(signature) == encoded,
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(value.utf8), using: self.key)
        else { return nil }
        return value
    }

    func cookie(_ value: String) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: self.signed(value), path: "/", isSecure: self.secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

extension Request {
    private struct BrowserCookiesKey: StorageKey {
        typealias Value = BrowserCookies
    }

    private struct OutgoingCookiesKey: StorageKey {
        typealias Value = [String: HTTPCookies.Value]
    }

    /// Set by `CSRFMiddleware` on every web route before the handler runs.
    var browserCookies: BrowserCookies? {
        get { self.storage[BrowserCookiesKey.self] }
        set { self.storage[BrowserCookiesKey.self] = newValue }
    }

    /// Cookies to set on the response, whatever response the handler makes.
    var outgoingCookies: [String: HTTPCookies.Value] {
        get { self.storage[OutgoingCookiesKey.self] ?? [:] }
        set { self.storage[OutgoingCookiesKey.self] = newValue }
    }
}

/// The signing key of anonymous visitors' cookies, read from the database once; one per application.
final class BrowserCookieSigner: Sendable {
    private let key = NIOLockedValueBox<SymmetricKey?>(nil)
    /// Whether cookies are sent over HTTPS only (`INTERLOAN_SECURE_COOKIES`).
    let secure: Bool

    init(secure: Bool) {
        self.secure = secure
    }

    func cookies(on database: any SQLDatabase) async throws -> BrowserCookies {
        if let key = self.key.withLockedValue({ $0 }) { return BrowserCookies(key: key, secure: self.secure) }
        guard
            let secret = try await database.select().column("value").from(SiteSecretRecord.table)
                .where("name", .equal, SiteSecretRecord.cookieKey).first()?.decode(column: "value", as: String.self),
            let bytes = Data(base64Encoded: secret)
        else {
            throw Abort(
                .internalServerError, reason: "the installation's cookie secret is missing; run interloan migrate")
        }
        let key = SymmetricKey(data: bytes)
        self.key.withLockedValue { $0 = key }
        return BrowserCookies(key: key, secure: self.secure)
    }
}

extension Application {
    private struct SignerKey: StorageKey {
        typealias Value = BrowserCookieSigner
    }

    /// Set by `configure`.
    var browserCookieSigner: BrowserCookieSigner {
        get { self.storage[SignerKey.self] ?? BrowserCookieSigner(secure: false) }
        set { self.storage[SignerKey.self] = newValue }
    }
}
