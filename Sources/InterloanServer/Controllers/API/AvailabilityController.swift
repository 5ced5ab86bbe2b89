import Fluent
import Foundation
import InterloanCore
import Vapor

/// `PUT /api/v1/libraries/{symbol}/availability` (the library's staff or the team declare how it lends) and
/// `GET /api/v1/libraries/{symbol}/availability` (today's status and the history, public like the directory).
struct AvailabilityController: RouteCollection {
    let authenticated: Bool

    func boot(routes: any RoutesBuilder) throws {
        if self.authenticated {
            routes.on(.PUT, APIURL.libraryAvailability(.key), use: self.declare)
        } else {
            routes.get(APIURL.libraryAvailability(.key), use: self.show)
        }
    }

    @Sendable func declare(_ request: Request) async throws -> AvailabilityResource {
        let caller = try request.caller
        let library = try await Self.library(request)
        guard caller.isTeam || caller.libraryID == library.id else {
            throw APIError.forbidden("staff declare their own library's lending; the team declares anyone's")
        }
        let declaration = try AvailabilityRegistry.parse(try request.jsonObject())
        let registry = AvailabilityRegistry(request)
        let now = request.application.clock.now()
        try await registry.declare(declaration, for: library, by: caller.actor.name, at: now)
        return try await AvailabilityResource.load(library, request: request)
    }

    @Sendable func show(_ request: Request) async throws -> AvailabilityResource {
        try await AvailabilityResource.load(try await Self.library(request), request: request)
    }

    static func library(_ request: Request) async throws -> LibraryInfo {
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard
            let library = try await request.application.libraryDirectory.library(
                symbol: symbol, on: request.fluentReads)
        else {
            throw APIError.notFound("no library \(symbol)")
        }
        return library
    }
}

/// A library's lending availability: what holds today, and every declaration, newest first.
struct AvailabilityResource: Content {
    /// A declaration as the API shows it.
    struct Declaration: Content {
        var lending: String
        var reason: String?
        var from: String?
        var until: String?
        var declaredAt: String?
        var declaredBy: String?
    }

    var symbol: String
    var today: String
    var current: Declaration
    var history: [Declaration]

    static func load(_ library: LibraryInfo, request: Request) async throws -> AvailabilityResource {
        let today = Day(request.application.clock.now())
        let current = try await request.application.libraryDirectory.availability(
            of: library.id, on: today, database: request.fluentReads)
        let history = try await AvailabilityRegistry(request).history(of: library)
        return AvailabilityResource(
            symbol: library.symbol, today: today.description, current: Declaration(current),
            history: history.map {
                Declaration(
                    lending: $0.status, reason: $0.reason, from: $0.fromDay, until: $0.untilDay,
                    declaredAt: Timestamp.string($0.declaredAt), declaredBy: $0.declaredBy)
            })
    }
}

extension AvailabilityResource.Declaration {
    init(_ declaration: AvailabilityDeclaration) {
        self.init(
            lending: declaration.status.rawValue, reason: declaration.reason, from: declaration.from?.description,
            until: declaration.until?.description)
    }
}
