import InterloanCore
import Vapor

/// A report's query, checked: the period, the filters as given, and the libraries they come to.
struct ReportQuery: Sendable {
    let name: ReportName
    let period: ReportPeriod
    let library: String?
    let region: String?
    let scope: ReportScope
    /// Every library of the directory, for regions and courier routes.
    let libraries: [LibraryInfo]

    /// Reads `name` and the query of `request` for `caller`: a library sees its own figures only, so naming another
    /// library (or a region it is not in) is not found; every other problem is 422 naming its parameter.
    static func read(name: String, from request: Request, caller: Caller) async throws -> ReportQuery {
        struct Parameters: Decodable {
            var from: String?
            var to: String?
            var library: String?
            var region: String?
            var serviceType: String?
        }
        guard let report = ReportName(rawValue: name), Reports.available.contains(report) else {
            let names = Reports.available.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalidFields([FieldError(field: "name", message: "must be one of \(names)")])
        }
        let given = (try? request.query.decode(Parameters.self)) ?? Parameters()
        var errors: [FieldError] = []
        var period: ReportPeriod?
        do {
            period = try ReportPeriod.parse(
                from: given.from.map(Self.bounded), to: given.to.map(Self.bounded),
                today: Day(request.application.clock.now()))
        } catch {
            errors += error.fields
        }
        var serviceType: ServiceType?
        if let text = given.serviceType.map(Self.bounded), !text.isEmpty {
            serviceType = ServiceType(rawValue: text)
            if serviceType == nil {
                errors.append(FieldError(field: "serviceType", message: "must be loan or copy"))
            }
        }
        let libraries = try await request.application.libraryDirectory.all(on: request.fluentReads)
        let library = given.library.map(Self.bounded).map { $0.uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let region = given.region.map(Self.bounded).flatMap { $0.isEmpty ? nil : $0 }
        let own = caller.libraryID.flatMap { id in libraries.first { $0.id == id } }
        if let library, !libraries.contains(where: { $0.symbol == library }) {
            if caller.isTeam {
                errors.append(FieldError(field: "library", message: "no library \(library) in the directory"))
            } else {
                throw APIError.notFound("no figures of library \(library) for you")
            }
        }
        if let region, !libraries.contains(where: { $0.place.region == region }) {
            errors.append(FieldError(field: "region", message: "no region \(region) in the directory"))
        }
        guard errors.isEmpty, let period else { throw APIError.invalidFields(errors) }

        var scope: Set<String>?
        if !caller.isTeam {
            // A library's figures are its own: another library, or a region it is not in, is not found.
            guard let own, library == nil || library == own.symbol, region == nil || region == own.place.region
            else { throw APIError.notFound("a library sees only its own figures") }
            scope = [own.symbol]
        } else {
            if let library { scope = [library] }
            if let region {
                let inRegion = Set(libraries.filter { $0.place.region == region }.map(\.symbol))
                scope = scope.map { $0.intersection(inRegion) } ?? inRegion
            }
        }
        return ReportQuery(
            name: report, period: period, library: library, region: region,
            scope: ReportScope(libraries: scope, serviceType: serviceType), libraries: libraries)
    }

    /// Query values are read only up to a length no real value reaches, so a huge one costs nothing to refuse.
    private static func bounded(_ text: String) -> String {
        String(text.prefix(64))
    }
}
