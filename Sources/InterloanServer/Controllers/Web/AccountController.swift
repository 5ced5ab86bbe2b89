import Fluent
import SQLKit
import Vapor

/// Changing one's own password.
struct AccountController: RouteCollection {
    struct PasswordPage: Encodable {
        var errors: [String: String]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.accountPassword, use: self.form)
        routes.post(SiteURL.accountPassword, use: self.change)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        try await WebPage.render("password", PasswordPage(errors: [:]), title: "Change password", for: request)
    }

    @Sendable func change(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        guard let userID = try request.caller.actor.userID,
            let user = try await UserModel.find(userID, on: request.fluentReads)
        else {
            throw Abort(.forbidden, reason: "Only people signed in with a password can change it.")
        }
        var errors: [String: String] = [:]
        if !((try? Bcrypt.verify(form["current"] ?? "", created: user.passwordHash)) ?? false) {
            errors["current"] = "is not your current password"
        }
        let new = form["new"] ?? ""
        if new.count < 10 { errors["new"] = "must have at least 10 characters" }
        if new != form["confirm"] { errors["confirm"] = "does not match the new password" }
        guard errors.isEmpty else {
            return try await WebPage.render(
                "password", PasswordPage(errors: errors), title: "Change password", status: .unprocessableEntity,
                for: request)
        }
        let hash = try await request.password.async.hash(new)
        try await request.writes.write { sql in
            try await sql.update(UserModel.schema).set("password_hash", to: hash).where("id", .equal, userID).run()
        }
        WebSession.setFlash("Your password is changed.", on: request)
        return request.redirect(to: SiteURL.home.path)
    }
}
