import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The links list mail carries: confirmation (a random one-time token, stored only as its digest) and
/// unsubscribing (signed with the installation's secret, so every announcement can carry it without storing it).
struct ListLinks: Sendable {
    let baseURL: String
    private let key: SymmetricKey

    static func load(_ application: Application, on database: any Database) async throws -> ListLinks {
        let sql = database.asSQL
        guard
            let secret = try await sql.select().column("*").from(SiteSecretRecord.table)
                .where("name", .equal, SiteSecretRecord.unsubscribeKey).first(reading: SiteSecretRecord.self),
            let bytes = Data(base64Encoded: secret.value)
        else {
            throw Abort(
                .internalServerError, reason: "the installation's link secret is missing; run interloan migrate")
        }
        return ListLinks(baseURL: application.baseURL, key: SymmetricKey(data: bytes))
    }

    func archive(_ slug: String) -> String { self.baseURL + SiteURL.list(.value(slug)).path }
    func feed(_ slug: String) -> String { self.baseURL + SiteURL.listFeed(.value(slug)).path }
    func permalink(_ slug: String, _ id: Int) -> String {
        self.baseURL + SiteURL.listPost(.value(slug), post: .value(id)).path
    }

    func confirmation(_ slug: String, subscription: Int, token: String) -> String {
        self.baseURL + SiteURL.listConfirm(.value(slug)).path + "?s=\(subscription)&t=\(token)"
    }

    func unsubscribe(_ slug: String, subscription: Int, email: String) -> String {
        self.baseURL + SiteURL.listUnsubscribe(.value(slug)).path
            + "?s=\(subscription)&t=\(self.unsubscribeToken(subscription: subscription, email: email))"
    }

    func unsubscribeToken(subscription: Int, email: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("unsubscribe:\(subscription):\(email)".utf8), using: self.key)
        return Self.base64URL(Data(mac))
    }

    func isValidUnsubscribe(_ token: String, subscription: Int, email: String) -> Bool {
        let expected = Array(self.unsubscribeToken(subscription: subscription, email: email).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new one-time confirmation token.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return self.base64URL(Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Application {
    private struct BaseURLKey: StorageKey {
        typealias Value = String
    }

    /// Where people reach this server, for links in mail; set by `configure`.
    var baseURL: String {
        get { self.storage[BaseURLKey.self] ?? "http://127.0.0.1:8080" }
        set { self.storage[BaseURLKey.self] = newValue }
    }
}
