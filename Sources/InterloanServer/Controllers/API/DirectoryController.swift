import Fluent
import InterloanCore
import Vapor

/// The public directory: `GET /api/v1/libraries`, `GET /api/v1/libraries/{symbol}` and `GET /api/v1/consortium`.
struct DirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.libraries, use: self.list)
        routes.get(APIURL.library(.key), use: self.show)
        routes.get(APIURL.consortium, use: self.consortium)
    }

    @Sendable func list(_ request: Request) async throws -> [LibraryResource] {
        let libraries = try await LibraryModel.query(on: request.fluentReads).with(\.$region).sort(\.$symbol).all()
        var entries: [LibraryResource] = []
        for library in libraries { entries.append(try await Self.entry(library, request: request)) }
        return entries
    }

    @Sendable func show(_ request: Request) async throws -> LibraryResource {
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard
            let library = try await LibraryModel.query(on: request.fluentReads).filter(\.$symbol == symbol).with(
                \.$region
            ).first()
        else { throw APIError.notFound("no library \(symbol)") }
        return try await Self.entry(library, request: request)
    }

    /// A directory entry with the availability that holds today.
    static func entry(_ library: LibraryModel, request: Request) async throws -> LibraryResource {
        let availability = try await request.application.libraryDirectory.availability(
            of: try library.requireID(), on: Day(request.application.clock.now()), database: request.fluentReads)
        return LibraryResource(library, availability: availability)
    }

    @Sendable func consortium(_ request: Request) async throws -> ConsortiumResource {
        guard let consortium = try await ConsortiumModel.query(on: request.fluentReads).first() else {
            throw APIError.notFound("the consortium is not set up yet; run 'interloan demo' or load the directory")
        }
        return ConsortiumResource(
            name: consortium.name, symbol: consortium.symbol, agencyIdType: consortium.agencyIdType,
            agencyIdValue: consortium.agencyIdValue)
    }
}

/// A directory entry.
struct LibraryResource: Content {
    struct Region: Content {
        var code: String
        var name: String
    }

    struct Lending: Content {
        var loanDays: Int
        var renewalsAllowed: Bool
        var maxRenewals: Int
        /// Working days it takes to answer a request before the next lender is asked.
        var responseDays: Int
    }

    var symbol: String
    var name: String
    var town: String
    var member: Bool
    var region: Region?
    var contactEmail: String
    var lending: Lending
    /// Whether it lends today (`lending`: all, copiesOnly, paused, returnsOnly, closed), why and until when.
    var availability: AvailabilityResource.Declaration
    var courierRoute: String?
    var deliveryDays: [String]

    init(_ library: LibraryModel, availability: AvailabilityDeclaration) {
        self.symbol = library.symbol
        self.name = library.name
        self.town = library.town
        self.member = library.isMember
        self.region = library.region.map { Region(code: $0.code, name: $0.name) }
        self.contactEmail = library.contactEmail
        self.lending = Lending(
            loanDays: library.loanDays, renewalsAllowed: library.renewalsAllowed, maxRenewals: library.maxRenewals,
            responseDays: library.responseDays)
        self.availability = AvailabilityResource.Declaration(availability)
        self.courierRoute = library.courierRoute
        self.deliveryDays = library.deliveryDays.map { $0.split(separator: ",").map(String.init) } ?? []
    }
}

/// The consortium as partners see it.
struct ConsortiumResource: Content {
    var name: String
    var symbol: String
    var agencyIdType: String
    var agencyIdValue: String
}
