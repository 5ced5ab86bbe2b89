import InterloanCore
import Vapor

/// `POST /api/v1/patrons`: a library's staff add a patron account to their library (the team names the library).
/// The password is stored as a Bcrypt hash and never returned.
struct PatronsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(APIURL.patrons, use: self.add)
    }

    /// A patron account as the API shows it.
    struct PatronResource: Content {
        var id: Int
        var library: String
        var barcode: String
        var name: String?
        var email: String?
        var source: String
        var notices: String
        var createdAt: String
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let body = try request.jsonObject()
        var errors: [FieldError] = body.keys.sorted().filter { !NewPatron.fields.contains($0) }.map {
            FieldError(field: $0, message: "is not a field of a patron")
        }
        func text(_ name: String) -> String? {
            switch body[name] {
            case .string(let value)?: return value
            case nil, .null?: return nil
            default:
                errors.append(FieldError(field: name, message: "must be text"))
                return nil
            }
        }
        let (barcode, name, email, password, symbol) = (
            text("barcode"), text("name"), text("email"), text("password"), text("library")
        )
        var library: LibraryInfo?
        if let symbol {
            library = try await LibrarySymbol.normalize(symbol).asyncMap {
                try await request.application.libraryDirectory.library(symbol: $0, on: request.fluentReads)
            }
            if library?.isMember != true {
                errors.append(FieldError(field: "library", message: "is no member library of the directory"))
                library = nil
            }
        } else if let own = caller.libraryID {
            library = try await request.application.libraryDirectory.library(id: own, on: request.fluentReads)
        } else {
            errors.append(FieldError(field: "library", message: "is required of the team: the patron's library"))
        }
        if let library, !caller.isTeam, library.id != caller.libraryID {
            throw APIError.forbidden("staff add patrons to their own library only")
        }
        let (checked, problems) = NewPatron.check(barcode: barcode, name: name, email: email, password: password)
        errors += problems
        guard errors.isEmpty, let checked, let library else { throw APIError.invalidFields(errors) }
        let hash = try await checked.password.asyncMap { password in
            try await request.application.threadPool.runIfActive { try Bcrypt.hash(password) }
        }
        let stored = try await checked.add(
            at: library.id, passwordHash: hash, now: request.application.clock.now(), through: request.writes)
        let resource = PatronResource(
            id: stored.id ?? 0, library: library.symbol, barcode: stored.barcode, name: stored.name,
            email: stored.email, source: stored.source.rawValue, notices: stored.notices,
            createdAt: Timestamp.string(stored.createdAt))
        let response = Response(status: .created)
        try response.content.encode(resource, as: .json)
        return response
    }
}
