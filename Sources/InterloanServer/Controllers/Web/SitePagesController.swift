import Foundation
import InterloanCore
import Vapor

/// The public face: the home page (work queues once signed in; otherwise news, FAQ and how to reach the team)
/// and the team's contact directory at `/contacts`.
struct PublicPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.home, use: self.home)
        routes.get(SiteURL.contacts, use: self.contacts)
    }

    struct HomePage: Encodable {
        var consortium: String
        var news: [SiteContent.PageEntry]
        var faq: [SiteContent.PageEntry]
        var directory: SiteContent.Directory
        var lists: [ListsController.ListEntry]
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        if request.storage[CallerKey.self] != nil { return try await HomeController().home(request) }
        let content = SiteContent(application: request.application, database: request.fluentReads)
        let page = HomePage(
            consortium: try await request.application.libraryDirectory.consortiumName(on: request.fluentReads),
            news: try await content.pages(.news), faq: try await content.pages(.faq),
            directory: try await content.directory(),
            lists: try await ListsController(authenticated: false).index(request))
        return try await WebPage.render("public-home", page, title: page.consortium, for: request)
    }

    @Sendable func contacts(_ request: Request) async throws -> Response {
        let directory = try await SiteContent(application: request.application, database: request.fluentReads)
            .directory()
        return try await WebPage.render("contacts", directory, title: "Contact the resource sharing team", for: request)
    }
}

/// The team's editor for news and FAQ pages (`/site`), and the admins' editor for the contact directory
/// (`/contacts/edit`).
struct SiteEditingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.site, use: self.pages)
        routes.post(SiteURL.sitePages, use: self.savePage)
        routes.post(SiteURL.sitePageDeletion(.key), use: self.deletePage)
        routes.get(SiteURL.contactsEdit, use: self.contactsForm)
        routes.post(SiteURL.contactsEdit, use: self.saveContacts)
    }

    struct PagesPage: Encodable {
        var pages: [SiteContent.PageEntry]
    }

    struct ContactsPage: Encodable {
        var teamEmail: String
        var teamPhone: String
        var teamPhoneOption: String
        /// Rows for the form: every contact and one empty row to add another.
        var rows: [SiteContent.Directory.Contact]
    }

    @Sendable func pages(_ request: Request) async throws -> Response {
        try self.require(request, admin: false)
        let pages = try await SiteContent(application: request.application, database: request.fluentReads).pages(nil)
        return try await WebPage.render("site", PagesPage(pages: pages), title: "News and FAQ", for: request)
    }

    @Sendable func savePage(_ request: Request) async throws -> Response {
        try self.require(request, admin: false)
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [:]
        for name in ["kind", "title", "body", "position"] {
            if let value = form[name], !value.isEmpty { body[name] = .string(value) }
        }
        do {
            let saved = try await SiteContent(application: request.application, database: request.fluentReads)
                .save(form["id"].flatMap(Int.init), body)
            WebSession.setFlash(saved.map { "Saved “\($0.title)”." } ?? "There is no such page.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing was saved: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.site.path)
    }

    @Sendable func deletePage(_ request: Request) async throws -> Response {
        try self.require(request, admin: false)
        let removed = try await SiteContent(application: request.application, database: request.fluentReads)
            .delete(request.parameters.get("id", as: Int.self) ?? 0)
        WebSession.setFlash(removed ? "Page removed." : "There is no such page.", on: request)
        return request.redirect(to: SiteURL.site.path)
    }

    @Sendable func contactsForm(_ request: Request) async throws -> Response {
        try self.require(request, admin: true)
        let directory = try await SiteContent(application: request.application, database: request.fluentReads)
            .directory()
        let page = ContactsPage(
            teamEmail: directory.team?.email ?? "", teamPhone: directory.team?.phone ?? "",
            teamPhoneOption: directory.team?.phoneOption ?? "",
            rows: directory.contacts + [.init(name: "", role: "", extension: nil, email: nil)])
        return try await WebPage.render("contacts-edit", page, title: "Edit the contact directory", for: request)
    }

    @Sendable func saveContacts(_ request: Request) async throws -> Response {
        try self.require(request, admin: true)
        let form = try request.content.decode([String: String].self)
        var contacts: [SiteContent.Directory.Contact] = []
        var index = 0
        while let name = form["name-\(index)"] {
            let role = form["role-\(index)"] ?? ""
            // A row left empty (the spare one, or a cleared one) is not a contact.
            if !(name.isEmpty && role.isEmpty) {
                contacts.append(
                    .init(name: name, role: role, extension: form["extension-\(index)"], email: form["email-\(index)"]))
            }
            index += 1
        }
        let team =
            (form["teamEmail"] ?? "").isEmpty
            ? nil
            : SiteContent.Directory.Team(
                email: form["teamEmail"] ?? "", phone: form["teamPhone"] ?? "",
                phoneOption: (form["teamPhoneOption"] ?? "").isEmpty ? nil : form["teamPhoneOption"])
        do {
            _ = try await SiteContent(application: request.application, database: request.fluentReads)
                .replace(.init(team: team, contacts: contacts))
            WebSession.setFlash("Contact directory saved.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing was saved: \(error.explanation).", on: request)
        }
        return request.redirect(to: SiteURL.contactsEdit.path)
    }

    private func require(_ request: Request, admin: Bool) throws {
        let caller = try request.caller
        if admin {
            guard caller.role == .admin else {
                throw Abort(.forbidden, reason: "Only admins edit the contact directory.")
            }
        } else {
            guard caller.isTeam else {
                throw Abort(.forbidden, reason: "Only the consortium team edits news and FAQ pages.")
            }
        }
    }
}
