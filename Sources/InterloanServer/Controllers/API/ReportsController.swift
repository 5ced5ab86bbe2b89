import InterloanCore
import Vapor

/// `GET /api/v1/reports/{name}?from=&to=&library=&region=&serviceType=&format=`: a report's figures as JSON, or as
/// CSV with `format=csv`. The team sees every library; a library its own.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.report(.key), use: self.report)
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let format = request.query[String.self, at: "format"].map { String($0.prefix(8)) }
        guard format == nil || format == "json" || format == "csv" else {
            throw APIError.invalidFields([FieldError(field: "format", message: "must be json or csv")])
        }
        let query = try await ReportQuery.read(
            name: request.parameters.get("name") ?? "", from: request, caller: caller)
        let (table, closedMonths) = try await Reports.table(for: query, on: request)
        if format == "csv" { return Self.csv(table, query: query) }
        return try await ReportDocument(table, query: query, closedMonths: closedMonths).encodeResponse(for: request)
    }

    /// The table as a CSV download named after the report and its period.
    static func csv(_ table: ReportTable, query: ReportQuery) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        // The name is made of the report's own name and checked dates, never of free text from the query.
        headers.add(
            name: .contentDisposition,
            value: "attachment; filename=\"\(query.name.rawValue)-\(query.period.from)-\(query.period.to).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: table.csv))
    }
}
