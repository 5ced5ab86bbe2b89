import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Signing in and out. A wrong password says so without telling whether the email exists, and repeated
/// failures for one email, or from one client address, are slowed down.
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
        routes.get(SiteURL.login, use: self.form)
        routes.post(SiteURL.login, use: self.signIn)
        routes.post(SiteURL.logout, use: self.signOut)
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
        let address = ClientAddress.of(request)
        if let wait = self.throttle.delay(for: email, from: address, at: now) {
            return try await WebPage.render(
                "login",
                LoginPage(email: email, next: next, error: "Too many failed attempts. Try again in \(wait) seconds."),
                title: "Sign in", status: .tooManyRequests, for: request)
        }
        let user = try await UserModel.query(on: request.fluentReads).filter(\.$email == email).first()
        // Without a user, still spend a Bcrypt check so the answer time does not reveal unknown addresses.
        let hash = user?.passwordHash ?? LoginThrottle.decoyHash
        let matches = (try? Bcrypt.verify(form.password ?? "", created: hash)) ?? false
        guard let user, matches else {
            self.throttle.recordFailure(for: email, from: address, at: now)
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
        return request.redirect(to: SiteURL.login.path)
    }

}
