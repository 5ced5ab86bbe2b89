import Foundation
import InterloanCore
import Vapor

/// News and FAQ pages (anyone reads; the team writes) and the team's contact directory (anyone reads; admins
/// write).
struct SiteController: RouteCollection {
    /// Whether these routes sit behind the bearer token (edits) or are public.
    let authenticated: Bool

    func boot(routes: any RoutesBuilder) throws {
        guard self.authenticated else {
            routes.get(APIURL.pages, use: self.pages)
            routes.get(APIURL.contacts, use: self.contacts)
            return
        }
        routes.post(APIURL.pages, use: self.create)
        routes.on(.PUT, APIURL.page(.key), use: self.update)
        routes.on(.DELETE, APIURL.page(.key), use: self.delete)
        routes.on(.PUT, APIURL.contacts, use: self.replaceContacts)
    }

    @Sendable func pages(_ request: Request) async throws -> [SiteContent.PageEntry] {
        var kind: SitePageRecord.Kind?
        if let text = request.query[String.self, at: "kind"] {
            guard let parsed = SitePageRecord.Kind(rawValue: text) else {
                throw APIError.invalidFields([FieldError(field: "kind", message: "news or faq")])
            }
            kind = parsed
        }
        return try await self.content(request).pages(kind)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        try self.require(request, admin: false)
        guard let page = try await self.content(request).save(nil, try request.jsonObject()) else {
            throw APIError.notFound("no such page")
        }
        return try await page.encodeResponse(status: .created, for: request)
    }

    @Sendable func update(_ request: Request) async throws -> SiteContent.PageEntry {
        try self.require(request, admin: false)
        guard let id = request.parameters.get("id", as: Int.self),
            let page = try await self.content(request).save(id, try request.jsonObject())
        else { throw APIError.notFound("no such page") }
        return page
    }

    @Sendable func delete(_ request: Request) async throws -> HTTPStatus {
        try self.require(request, admin: false)
        guard let id = request.parameters.get("id", as: Int.self), try await self.content(request).delete(id) else {
            throw APIError.notFound("no such page")
        }
        return .noContent
    }

    @Sendable func contacts(_ request: Request) async throws -> SiteContent.Directory {
        try await self.content(request).directory()
    }

    @Sendable func replaceContacts(_ request: Request) async throws -> SiteContent.Directory {
        try self.require(request, admin: true)
        _ = try request.jsonObject()  // a 400 that says what is wrong with a body that is not a JSON object
        let directory: SiteContent.Directory
        do {
            directory = try request.content.decode(SiteContent.Directory.self)
        } catch {
            throw APIError.malformedBody(
                "send {\"team\": {\"email\", \"phone\", \"phoneOption\"}, \"contacts\": [{\"name\", \"role\", \"extension\", \"email\"}]}"
            )
        }
        return try await self.content(request).replace(directory)
    }

    private func content(_ request: Request) -> SiteContent {
        SiteContent(application: request.application, database: request.fluentReads)
    }

    private func require(_ request: Request, admin: Bool) throws {
        let caller = try request.caller
        if admin {
            guard caller.role == .admin else {
                throw APIError.forbidden("only admins edit the team's contact directory")
            }
        } else {
            guard caller.isTeam else { throw APIError.forbidden("only the consortium team edits news and FAQ pages") }
        }
    }
}
