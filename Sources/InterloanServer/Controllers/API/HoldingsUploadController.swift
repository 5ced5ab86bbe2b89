import Fluent
import Foundation
import InterloanCore
import Vapor

/// `POST /api/v1/libraries/{symbol}/holdings`: a library's staff (or the team) upload its holdings file, the same
/// formats as `interloan holdings import`, chosen by `format` (`csv`, `marcxml`, `mrc`) or the media type;
/// `replace=true` swaps the library's set atomically.
struct HoldingsUploadController: RouteCollection {
    static let maximumBody: ByteCount = "32mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(
            .POST, APIURL.libraryHoldings(.key), body: .collect(maxSize: Self.maximumBody), use: self.upload)
    }

    /// What the upload did.
    struct Report: Content {
        var recordsRead: Int
        var holdingsStored: Int
        var holdingsInAll: Int
        var skipped: [Skipped]
    }

    struct Skipped: Content {
        var position: String
        var reason: String
    }

    @Sendable func upload(_ request: Request) async throws -> Report {
        let caller = try request.caller
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard
            let library = try await request.application.libraryDirectory.library(
                symbol: symbol, on: request.fluentReads)
        else {
            throw APIError.notFound("no library \(symbol)")
        }
        guard caller.isTeam || caller.libraryID == library.id else {
            throw APIError.forbidden("staff load their own library's holdings; the team loads anyone's")
        }
        guard let format = Self.format(request) else {
            throw APIError.invalidFields([
                FieldError(
                    field: "format",
                    message: "say csv, marcxml or mrc (or send text/csv, application/marcxml+xml or application/marc)")
            ])
        }
        var replace = false
        switch request.query[String.self, at: "replace"] {
        case nil, "false": break
        case "true": replace = true
        default: throw APIError.invalidFields([FieldError(field: "replace", message: "must be true or false")])
        }
        let bytes = request.body.data.map { Array(buffer: $0) } ?? []
        guard !bytes.isEmpty else {
            throw APIError.invalidFields([
                FieldError(field: "body", message: "the body is empty: send the holdings file")
            ])
        }
        let file = HoldingsImport.read(bytes, format: format)
        // A file of which not one holding could be read (no header, not XML, no record) is refused whole and stores
        // nothing: replacing a library's holdings with such a file would only wipe them.
        if file.holdings.isEmpty, let rejection = file.rejections.first {
            throw APIError.invalidFields([
                FieldError(field: "body", message: "\(rejection.position): \(rejection.reason)")
            ])
        }
        let total = try await HoldingsImport.store(
            file, libraryID: library.id, replace: replace, reads: request.reads, writes: request.writes,
            now: request.application.clock.now(), logger: request.logger)
        return Report(
            recordsRead: file.recordsRead, holdingsStored: file.holdings.count, holdingsInAll: total,
            skipped: file.rejections.map { Skipped(position: $0.position, reason: $0.reason) })
    }

    static func format(_ request: Request) -> HoldingsFormat? {
        if let given = try? request.query.get(String.self, at: "format") {
            return HoldingsImport.formatNames[given.lowercased()]
        }
        switch (request.headers.contentType?.type, request.headers.contentType?.subType) {
        case ("text", "csv"): return .csv
        case ("application", "marc"): return .iso2709
        case ("application", "marcxml+xml"), ("application", "xml"), ("text", "xml"): return .marcxml
        default: return nil
        }
    }
}
