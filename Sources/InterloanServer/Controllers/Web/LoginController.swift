import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Signing in and out. A wrong password says so without telling whether the email exists, and repeated
/// failures for one address are slowed down.
struct LoginController: RouteCollection {
    struct LoginPage: Encodable {
        var email: String
        var next: String
        var error: String?
    }

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    let throttle: LoginThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: self.form)
        routes.post("login", use: self.signIn)
        routes.post("logout", use: self.signOut)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let next = RedirectTarget.sameSite(request.query[String.self, at: "next"])
        return try await WebPage.render("login", LoginPage(email: "", next: next), title: "Sign in", for: request)
    }

    @Sendable func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let next = RedirectTarget.sameSite(form.next)
        let now = request.application.clock.now()
        if let wait = self.throttle.delay(for: email, at: now) {
            return try await WebPage.render(
                "login", LoginPage(email: email, next: next, error: "Too many failed attempts. Try again in \(wait) seconds."),
                title: "Sign in", status: .tooManyRequests, for: request)
        }
        let user = try await UserModel.query(on: request.db).filter(\.$email == email).first()
        // Without a user, still spend a Bcrypt check so the answer time does not reveal unknown addresses.
        let hash = user?.passwordHash ?? LoginThrottle.decoyHash
        let matches = (try? Bcrypt.verify(form.password ?? "", created: hash)) ?? false
        guard let user, matches else {
            self.throttle.recordFailure(for: email, at: now)
            return try await WebPage.render(
                "login", LoginPage(email: email, next: next, error: "The email or the password is wrong."),
                title: "Sign in", status: .unauthorized, for: request)
        }
        self.throttle.recordSuccess(for: email)
        try await WebSession.signIn(userID: try user.requireID(), at: now, on: request)
        return request.redirect(to: next)
    }

    @Sendable func signOut(_ request: Request) async throws -> Response {
        request.session.destroy()
        return request.redirect(to: "/login")
    }

}

/// Counts failed sign-ins per address and asks for a growing pause after the fifth: 2, 4, 8... seconds,
/// at most 15 minutes. Kept in memory, so each server instance slows attackers down on its own.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: Int
        var last: Date
    }

    private let records = NIOLockedValueBox<[String: Record]>([:])
    static let freeAttempts = 5
    /// A Bcrypt hash of a random string, checked when the email is unknown; hashing never fails for a valid cost.
    static let decoyHash = try! Bcrypt.hash(APITokens.generate())

    func delay(for email: String, at now: Date) -> Int? {
        guard let record = self.records.withLockedValue({ $0[email] }), record.failures >= Self.freeAttempts else {
            return nil
        }
        let pause = min(900, 1 << min(10, record.failures - Self.freeAttempts + 1))
        let remaining = Int(record.last.addingTimeInterval(TimeInterval(pause)).timeIntervalSince(now).rounded(.up))
        return remaining > 0 ? remaining : nil
    }

    func recordFailure(for email: String, at now: Date) {
        self.records.withLockedValue { records in
            records[email, default: Record(failures: 0, last: now)].failures += 1
            records[email]?.last = now
        }
    }

    func recordSuccess(for email: String) {
        self.records.withLockedValue { _ = $0.removeValue(forKey: email) }
    }
}
