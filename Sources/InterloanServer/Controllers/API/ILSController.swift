import Foundation
import NCIP
import Vapor

/// `GET` and `PUT /api/v1/libraries/{symbol}/ils`: a library's connection to its own circulation system, for
/// that library's staff and the team. The secret is write-only: a response says only whether one is set.
struct ILSController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.libraryILS(.key), use: self.show)
        routes.on(.PUT, APIURL.libraryILS(.key), use: self.replace)
    }

    @Sendable func show(_ request: Request) async throws -> ILSConnectionResource {
        let library = try await Self.ownLibrary(request)
        let stored = try await ILSConnections(request).connection(of: library.id)
        return ILSConnectionResource(library: library.symbol, stored: stored)
    }

    @Sendable func replace(_ request: Request) async throws -> ILSConnectionResource {
        let library = try await Self.ownLibrary(request)
        // A PUT replaces the whole connection: an empty body would switch it off by accident.
        guard let body = request.body.data, body.readableBytes > 0 else {
            throw APIError.malformedBody("send the connection as a JSON object")
        }
        let connection = try ILSConnection.parse(try request.jsonObject())
        let connections = ILSConnections(request)
        let now = request.application.clock.now()
        try await connections.save(connection, for: library.id, by: try request.caller.actor.name, at: now)
        return ILSConnectionResource(library: library.symbol, stored: try await connections.connection(of: library.id))
    }

    /// The library named in the path, when the caller is its staff or the team.
    private static func ownLibrary(_ request: Request) async throws -> LibraryInfo {
        let caller = try request.caller
        let library = try await AvailabilityController.library(request)
        guard caller.isTeam || caller.libraryID == library.id else {
            throw APIError.forbidden("a library's ILS connection is its own staff's and the team's to see and set")
        }
        return library
    }
}

/// A library's ILS connection as the API shows it: everything but the secret.
struct ILSConnectionResource: Content {
    var library: String
    var `protocol`: String
    var endpoint: String?
    var fromAgencyId: String?
    var toAgencyId: String?
    var applicationProfileType: String?
    var lendingPatronId: String?
    var events: [String: Bool]
    /// Whether a secret is stored; the secret itself is never returned.
    var hasAuthentication: Bool
    var updatedAt: String?
    var updatedBy: String?

    init(library: String, stored: ILSConnectionRecord?) {
        self.library = library
        self.protocol = stored?.protocolName ?? ILSConnection.ProtocolKind.none.rawValue
        self.endpoint = stored?.endpoint
        self.fromAgencyId = stored?.fromAgencyID
        self.toAgencyId = stored?.toAgencyID
        self.applicationProfileType = stored?.applicationProfileType
        self.lendingPatronId = stored?.lendingPatronID
        let on = stored.map { Set($0.events.split(separator: ",").map(String.init)) }
        self.events = Dictionary(
            uniqueKeysWithValues: NCIPService.allCases.map { ($0.eventName, on?.contains($0.eventName) ?? true) })
        self.hasAuthentication = stored?.authentication != nil
        self.updatedAt = stored.map { Timestamp.string($0.updatedAt) }
        self.updatedBy = stored?.updatedBy
    }
}
