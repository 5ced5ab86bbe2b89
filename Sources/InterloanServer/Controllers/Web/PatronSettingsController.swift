import Fluent
import Vapor

/// Settings › Patrons: how the library's patrons sign in to the portal, whether staff check patrons' requests in
/// "New from patrons" before they go out, and whether patrons' renewal asks go straight to the lender.
struct PatronSettingsController: RouteCollection {
    struct Page: Encodable {
        var symbol: String
        var name: String
        var signIn: String
        var methods: [Method]
        var unmediated: Bool
        var forwardRenewals: Bool
        var ncipReady: Bool
        var portalPath: String
        var error: String?
    }

    struct Method: Encodable {
        var value: String
        var label: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.settingsPatrons, use: self.show)
        routes.post(SiteURL.settingsPatrons, use: self.save)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let library = try await LibraryModel.own(by: request)
        return try await self.render(request, library, options: PatronPortalOptions(library), error: nil, status: .ok)
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let library = try await LibraryModel.own(by: request)
        let form = try request.content.decode([String: String].self)
        guard let signIn = form["signIn"].flatMap(PatronPortalOptions.SignIn.init(rawValue:)) else {
            return try await self.render(
                request, library, options: PatronPortalOptions(library),
                error:
                    "Choose how patrons sign in: \(PatronPortalOptions.SignIn.allCases.map(\.rawValue).joined(separator: ", ")).",
                status: .unprocessableEntity)
        }
        let options = PatronPortalOptions(
            signIn: signIn, unmediated: form["unmediated"] == "on", forwardRenewals: form["forwardRenewals"] == "on")
        let libraryID = try library.requireID()
        try await request.writes.write { sql in
            try await sql.update(LibraryModel.schema).set("patron_sign_in", to: options.signIn.rawValue)
                .set("patron_requests", to: options.unmediated ? "unmediated" : "mediated")
                .set("patron_renewals", to: options.forwardRenewals ? "forward" : "queue")
                .where("id", .equal, libraryID).run()
        }
        WebSession.setFlash("Patron settings saved.", on: request)
        return request.redirect(to: SiteURL.settingsPatrons.path)
    }

    private func render(
        _ request: Request, _ library: LibraryModel, options: PatronPortalOptions, error: String?,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let connection = try await request.application.ilsConnections.connection(
            of: try library.requireID(), reads: request.reads)
        let page = Page(
            symbol: library.symbol, name: library.name, signIn: options.signIn.rawValue,
            methods: PatronPortalOptions.SignIn.allCases.map { Method(value: $0.rawValue, label: $0.label) },
            unmediated: options.unmediated, forwardRenewals: options.forwardRenewals, ncipReady: connection != nil,
            portalPath: SiteURL.portalLogin.path + "?library=" + library.symbol, error: error)
        return try await WebPage.render(
            "settings-patrons", page, title: "Patron settings", status: status, for: request)
    }
}
