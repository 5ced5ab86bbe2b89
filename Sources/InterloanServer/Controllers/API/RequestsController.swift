import Fluent
import Foundation
import InterloanCore
import Vapor

/// `/api/v1/requests`: placing requests, reading them, acting on them and reading their history.
struct RequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(APIURL.requests, use: self.place)
        routes.get(APIURL.requests, use: self.list)
        routes.get(APIURL.request(.key), use: self.show)
        routes.get(APIURL.requestHistory(.key), use: self.history)
        routes.get(APIURL.requestMessages(.key), use: self.messages)
        routes.get(APIURL.requestCandidates(.key), use: self.candidates)
        routes.get(APIURL.requestMail(.key), use: self.mail)
        routes.get(APIURL.requestClaims(.key), use: self.claims)
        routes.post(APIURL.requestClaims(.key), use: self.fileClaim)
        routes.post(APIURL.requestAction(.key, action: .key), use: self.perform)
    }

    @Sendable func place(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await RequestService(request).place(try request.jsonObject(), by: caller)
        let delivery = try await DeliveryEstimator.load(request, for: [stored.state])
        let response = try await RequestResource(stored, for: caller, delivery: delivery)
            .encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/requests/\(stored.number)")
        return response
    }

    @Sendable func show(_ request: Request) async throws -> RequestResource {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        return RequestResource(
            stored, for: caller, delivery: try await DeliveryEstimator.load(request, for: [stored.state]))
    }

    @Sendable func history(_ request: Request) async throws -> [EventResource] {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        return try await RequestStore(request).events(of: stored.id).map {
            EventResource(
                at: Timestamp.string($0.at), actor: $0.actorName, library: $0.librarySymbol, action: $0.action,
                from: $0.fromStatus, to: $0.toStatus, details: EventDetails.decode($0.details))
        }
    }

    /// The ISO 18626 messages sent to partners about the request, with their delivery state.
    @Sendable func messages(_ request: Request) async throws -> [PartnerMessageResource] {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        return try await PartnerMessageResource.list(for: stored.id, on: request)
    }

    /// The notices mailed about the request to the caller's library (every library's for the team).
    @Sendable func mail(_ request: Request) async throws -> [MailResource] {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        return try await MailResource.list(for: stored.id, caller: caller, on: request)
    }

    /// Lost, damaged and missing-in-transit claims (the borrower, the lender whose item it is, the team).
    @Sendable func claims(_ request: Request) async throws -> [ClaimResource] {
        let caller = try request.caller
        return try await ClaimBook(request: request).list(
            try await self.visibleRequest(request, caller: caller), caller: caller)
    }

    @Sendable func fileClaim(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        let claim = try await ClaimBook(request: request).file(try request.jsonObject(), on: stored, by: caller)
        return try await claim.encodeResponse(status: .created, for: request)
    }

    /// The ranked lenders that could be asked next, each with its score and reasons.
    @Sendable func candidates(_ request: Request) async throws -> [CandidateResource] {
        let caller = try request.caller
        let service = RequestService(request)
        let stored = try await service.visibleRequest(request.parameters.get("id") ?? "", to: caller)
        guard caller.isTeam || caller.actor.librarySymbol == stored.state.borrower else {
            throw APIError.forbidden("only the borrowing library and the team see a request's candidate lenders")
        }
        return try await service.candidates(for: stored).map(CandidateResource.init)
    }

    @Sendable func perform(_ request: Request) async throws -> RequestResource {
        let caller = try request.caller
        let name = request.parameters.get("action") ?? ""
        guard let action = Action(rawValue: name) else {
            throw APIError.notFound(
                "no action '\(name)'; actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let service = RequestService(request)
        let stored = try await service.visibleRequest(request.parameters.get("id") ?? "", to: caller)
        let raw = try request.jsonObject().mapValues(\.raw)
        try DocumentDelivery.refuseElectronicWithoutFile(action, raw, number: stored.number)
        let saved = try await service.perform(action, with: raw, on: stored, by: caller)
        return RequestResource(
            saved, for: caller, delivery: try await DeliveryEstimator.load(request, for: [saved.state]))
    }

    @Sendable func list(_ request: Request) async throws -> RequestPage {
        let caller = try request.caller
        let query = try RequestListQuery(request.query, caller: caller)
        let listing = try await query.listing(directory: request.application.libraryDirectory, on: request.fluentReads)
        let total = try await listing.count(on: request.reads)
        let rows = try await listing.page(
            on: request.reads, sort: .updated, range: (query.page - 1) * query.per..<query.page * query.per)
        let stored = try await RequestStore(request).hydrate(rows)
        let delivery = try await DeliveryEstimator.load(request, for: stored.map(\.state))
        return RequestPage(
            items: stored.map { RequestResource($0, for: caller, delivery: delivery) }, page: query.page,
            per: query.per, total: total)
    }

    private func visibleRequest(_ request: Request, caller: Caller) async throws -> StoredRequest {
        try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
    }
}

/// The lower-cased text a `q` search matches: title, author, identifiers and the external request id.
enum SearchText {
    static func make(_ row: RequestRecord) -> String {
        let isbnDigits = row.isbn.map { $0.filter { $0.isNumber || $0 == "X" || $0 == "x" } }
        return [
            row.title, row.author, row.isbn, isbnDigits, row.issn, row.oclcNumber, row.articleTitle,
            row.journalTitle, row.externalRequestID,
        ]
        .compactMap { $0 }.joined(separator: " | ").lowercased()
    }
}
