import Fluent
import Foundation
import Vapor

/// The portal's sign-in: the patron picks their library, which decides how they prove who they are (its own
/// password, a PIN its ILS checks, or its single sign-on in front of Interloan). Failures are throttled per
/// library and identifier and per client address, as staff sign-ins are.
struct PortalLoginController: RouteCollection {
    struct LoginPage: Encodable {
        var libraries: [LibraryChoice]
        var library: String
        var identifier: String
        var next: String
        /// The staff sign-in, leading to the same place.
        var staffSignIn: String
        var error: String?
    }

    struct LibraryChoice: Encodable {
        var symbol: String
        var name: String
        var selected: Bool
    }

    struct LoginForm: Content {
        var library: String?
        var identifier: String?
        var password: String?
        var next: String?
    }

    let throttle: LoginThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portalLogin, use: self.form)
        routes.post(SiteURL.portalLogin, use: self.signIn)
        routes.post(SiteURL.portalLogout, use: self.signOut)
    }

    /// The form; for a library whose single sign-on stands in front of this page, the signing in itself.
    @Sendable func form(_ request: Request) async throws -> Response {
        let next = RedirectTarget.sameSite(request.query[String.self, at: "next"] ?? SiteURL.portal.path)
        let symbol = request.query[String.self, at: "library"].flatMap { $0.utf8.count <= 20 ? $0 : nil } ?? ""
        if let library = try await self.library(symbol, on: request),
            PatronPortalOptions(library).signIn == .header
        {
            do {
                let patron = try await PatronAuthenticator(request: request).header(library: library)
                return try await self.start(patron, next: next, on: request)
            } catch PatronAuthenticator.Refusal.notThisWay(let reason) {
                return try await self.render(
                    request, library: symbol, identifier: "", next: next, error: reason, status: .forbidden)
            }
        }
        return try await self.render(request, library: symbol, identifier: "", next: next, error: nil, status: .ok)
    }

    @Sendable func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let symbol = String((form.library ?? "").prefix(20))
        let identifier = (form.identifier ?? "").trimmingCharacters(in: .whitespaces)
        let next = RedirectTarget.sameSite(form.next ?? SiteURL.portal.path)
        func refuse(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            try await self.render(
                request, library: symbol, identifier: identifier, next: next, error: message, status: status)
        }
        guard let library = try await self.library(symbol, on: request) else {
            return try await refuse("Choose your library.", .unprocessableEntity)
        }
        guard !identifier.isEmpty, identifier.unicodeScalars.count <= 254, let password = form.password,
            !password.isEmpty, password.utf8.count <= 200
        else {
            return try await refuse(
                "Enter your library card number (or email) and your password or PIN.", .unauthorized)
        }
        let now = request.application.clock.now()
        let address = ClientAddress.of(request)
        let key = symbol + " " + identifier.lowercased()
        if let wait = self.throttle.delay(for: key, from: address, at: now) {
            return try await refuse("Too many failed attempts. Try again in \(wait) seconds.", .tooManyRequests)
        }
        let authenticator = PatronAuthenticator(request: request)
        do {
            let patron: PatronRecord
            switch PatronPortalOptions(library).signIn {
            case .local:
                patron = try await authenticator.local(library: library, identifier: identifier, password: password)
            case .ncip: patron = try await authenticator.ncip(library: library, barcode: identifier, pin: password)
            case .header: patron = try await authenticator.header(library: library)
            }
            self.throttle.recordSuccess(for: key)
            return try await self.start(patron, next: next, on: request)
        } catch let refusal as PatronAuthenticator.Refusal {
            switch refusal {
            case .wrongCredentials:
                self.throttle.recordFailure(for: key, from: address, at: now)
                return try await refuse("The card number or the password is wrong.", .unauthorized)
            case .systemUnavailable:
                return try await refuse(
                    "Your library's system did not answer. Try again in a few minutes.", .serviceUnavailable)
            case .notThisWay(let reason):
                return try await refuse(reason, .forbidden)
            }
        }
    }

    @Sendable func signOut(_ request: Request) async throws -> Response {
        request.session.destroy()
        return request.redirect(to: SiteURL.portalLogin.path)
    }

    private func start(_ patron: PatronRecord, next: String, on request: Request) async throws -> Response {
        try await WebSession.signIn(patronID: try patron.id.orThrow(), at: request.application.clock.now(), on: request)
        return request.redirect(to: next)
    }

    private func library(_ symbol: String, on request: Request) async throws -> LibraryModel? {
        guard !symbol.isEmpty else { return nil }
        return try await LibraryModel.query(on: request.fluentReads).filter(\.$symbol == symbol)
            .filter(\.$isMember == true).first()
    }

    private func render(
        _ request: Request, library: String, identifier: String, next: String, error: String?,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let libraries = try await LibraryModel.query(on: request.fluentReads).filter(\.$isMember == true)
            .sort(\.$name).all()
            .map { LibraryChoice(symbol: $0.symbol, name: $0.name, selected: $0.symbol == library) }
        let staffSignIn =
            SiteURL.login.path + "?next="
            + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")
        let page = LoginPage(
            libraries: libraries, library: library, identifier: identifier, next: next, staffSignIn: staffSignIn,
            error: error)
        return try await WebPage.render(
            "portal-login", page, title: "Sign in to your requests", status: status, for: request)
    }
}

extension Optional {
    /// The value, or an error that says a stored row had no id.
    func orThrow() throws -> Wrapped {
        guard let value = self else { throw Abort(.internalServerError, reason: "a stored row has no id") }
        return value
    }
}
