import Fluent
import Foundation
import InterloanCore
import Vapor

/// `/api/v1/requests`: placing requests, reading them, acting on them and reading their history.
struct RequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let requests = routes.grouped("requests")
        requests.post(use: self.place)
        requests.get(use: self.list)
        requests.get(":id", use: self.show)
        requests.get(":id", "history", use: self.history)
        requests.post(":id", "actions", ":action", use: self.perform)
    }

    @Sendable func place(_ request: Request) async throws -> Response {
        let caller = try request.caller
        var (input, errors) = PlaceRequestInput.parse(try request.jsonObject())
        let store = RequestStore(request)
        let directory = request.application.libraryDirectory

        var borrower: LibraryInfo?
        if caller.isTeam {
            if let symbol = input.borrower {
                borrower = try await directory.library(symbol: symbol, on: request.db)
                if borrower == nil { errors.append(FieldError(field: "borrower", message: "\(symbol) is not in the directory")) }
            } else {
                errors.append(FieldError(field: "borrower", message: "the team names the borrowing library"))
            }
        } else {
            guard let libraryID = caller.libraryID else { throw APIError.unauthorized("this token belongs to no library") }
            borrower = try await directory.library(id: libraryID, on: request.db)
            if let symbol = input.borrower, symbol != borrower?.symbol {
                errors.append(FieldError(field: "borrower", message: "staff place requests for their own library"))
            }
        }
        let unknown = try await self.unknownSymbols(input.lenders, directory: directory, on: request.db)
        if !unknown.isEmpty {
            errors.append(FieldError(field: "lenders", message: "not in the directory: \(unknown.joined(separator: ", "))"))
        }
        if let borrower, input.lenders.contains(borrower.symbol) {
            errors.append(FieldError(field: "lenders", message: "the borrowing library never lends to itself"))
        }
        guard errors.isEmpty, let borrower else { throw APIError.invalidFields(errors) }

        let now = request.application.clock.now()
        let outcome = try Lifecycle.place(
            serviceType: input.serviceType, borrower: borrower.symbol, lenders: input.lenders, at: now)
        let row = RequestModel()
        row.serviceType = input.serviceType.rawValue
        row.$borrower.id = borrower.id
        row.title = input.title
        row.author = input.text["author"]
        row.isbn = input.text["isbn"]
        row.issn = input.text["issn"]
        row.oclcNumber = input.text["oclcNumber"]
        row.articleTitle = input.text["articleTitle"]
        row.journalTitle = input.text["journalTitle"]
        row.volume = input.text["volume"]
        row.issue = input.text["issue"]
        row.pages = input.text["pages"]
        row.notes = input.text["notes"]
        row.neededBy = input.neededBy?.description
        row.patronID = input.patron.id
        row.patronName = input.patron.name
        row.patronEmail = input.patron.email
        row.searchText = SearchText.make(row)
        let stored = try await store.create(row, outcome: outcome, by: caller.actor, at: now, using: request.persistence)
        let response = try await RequestResource(stored, for: caller).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/requests/\(stored.number)")
        return response
    }

    @Sendable func show(_ request: Request) async throws -> RequestResource {
        let caller = try request.caller
        return RequestResource(try await self.visibleRequest(request, caller: caller), for: caller)
    }

    @Sendable func history(_ request: Request) async throws -> [EventResource] {
        let caller = try request.caller
        let stored = try await self.visibleRequest(request, caller: caller)
        let events = try await RequestEventModel.query(on: request.db)
            .filter(\.$request.$id == stored.id).sort(\.$at).sort(\.$id).all()
        return events.map {
            EventResource(
                at: Timestamp.string($0.at), actor: $0.actorName, library: $0.librarySymbol, action: $0.action,
                from: $0.fromStatus, to: $0.toStatus, details: EventDetails.decode($0.details))
        }
    }

    @Sendable func perform(_ request: Request) async throws -> RequestResource {
        let caller = try request.caller
        let name = request.parameters.get("action") ?? ""
        guard let action = Action(rawValue: name) else {
            throw APIError.notFound(
                "no action '\(name)'; actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let stored = try await self.visibleRequest(request, caller: caller)
        let body = try request.jsonObject()
        let roles = caller.actor.roles(in: stored.state)
        if case .refused(let reason) = Lifecycle.decide(action, in: stored.state, roles: roles) {
            throw APIError.conflict(reason, allowed: Lifecycle.allowedActions(in: stored.state, roles: roles))
        }
        let arguments = try ActionField.validate(body.mapValues(\.raw), against: action.fields)
        if let lenders = arguments.symbols("lenders") {
            let unknown = try await self.unknownSymbols(
                lenders, directory: request.application.libraryDirectory, on: request.db)
            if !unknown.isEmpty {
                throw APIError.invalidFields([
                    FieldError(field: "lenders", message: "not in the directory: \(unknown.joined(separator: ", "))")
                ])
            }
        }
        let now = request.application.clock.now()
        let outcome = try Lifecycle.perform(action, arguments: arguments, on: stored.state, by: caller.actor, at: now)
        let saved = try await RequestStore(request).save(
            outcome, over: stored, by: caller.actor, at: now, using: request.persistence)
        return RequestResource(saved, for: caller)
    }

    @Sendable func list(_ request: Request) async throws -> RequestPage {
        let caller = try request.caller
        let query = try RequestListQuery(request.query, caller: caller)
        let builder = try await query.builder(on: request.db, directory: request.application.libraryDirectory)
        let total = try await builder.copy().count()
        let rows = try await builder.sort(\.$updatedAt, .descending).sort(\.$id, .descending)
            .range((query.page - 1) * query.per..<query.page * query.per).all()
        let stored = try await RequestStore(request).hydrate(rows)
        return RequestPage(
            items: stored.map { RequestResource($0, for: caller) }, page: query.page, per: query.per, total: total)
    }

    /// The request named in the path, if this caller may see it; any other is reported as not found.
    private func visibleRequest(_ request: Request, caller: Caller) async throws -> StoredRequest {
        let text = request.parameters.get("id") ?? ""
        guard let id = RequestNumber.decode(text), let stored = try await RequestStore(request).find(id),
            stored.isVisible(to: caller)
        else { throw APIError.notFound("no request \(text)") }
        return stored
    }

    private func unknownSymbols(_ symbols: [String], directory: LibraryDirectory, on database: any Database)
        async throws -> [String]
    {
        var unknown: [String] = []
        for symbol in symbols where try await directory.library(symbol: symbol, on: database) == nil {
            unknown.append(symbol)
        }
        return unknown
    }
}

/// The lower-cased text a `q` search matches: title, author, identifiers and the external request id.
enum SearchText {
    static func make(_ row: RequestModel) -> String {
        let isbnDigits = row.isbn.map { $0.filter { $0.isNumber || $0 == "X" || $0 == "x" } }
        return [row.title, row.author, row.isbn, isbnDigits, row.issn, row.oclcNumber, row.articleTitle,
            row.journalTitle, row.externalRequestID]
            .compactMap { $0 }.joined(separator: " | ").lowercased()
    }
}
