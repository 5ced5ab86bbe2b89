import InterloanCore
import Vapor

/// The Place a request form: loan or copy, needed-by date, notes, patron, lender string.
struct PlaceRequestController: RouteCollection {
    struct FormPage: Encodable {
        var values: [String: String]
        var errors: [String: String]
        var summary: [String]
        var isTeam: Bool
        var libraries: [LibraryOption]
        var link: LinkNotice?
    }

    /// Said above a form filled from an OpenURL: who made the link and what in it could not be used.
    struct LinkNotice: Encodable {
        var referrer: String?
        var problems: [String]
    }

    struct LibraryOption: Encodable {
        var symbol: String
        var name: String
    }

    static let textFields = [
        "title", "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume", "issue", "pages",
        "neededBy", "notes", "serviceType", "lenders", "borrower", "patronId", "patronName", "patronEmail", "openurl",
        "publicationDate", "eissn", "copyrightCompliance", "copyrightNote",
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.newRequest, use: self.form)
        routes.post(SiteURL.requests, use: self.place)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        try await self.render(request, values: ["serviceType": "loan"], errors: [], status: .ok)
    }

    @Sendable func place(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [:]
        for name in Self.textFields where !name.hasPrefix("patron") {
            if let value = form[name], !value.isEmpty { body[name] = .string(value) }
        }
        if let lenders = form["lenders"] {
            body["lenders"] = .array(
                lenders.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map { .string(String($0)) })
        }
        let patron = ["id": form["patronId"], "name": form["patronName"], "email": form["patronEmail"]]
            .compactMapValues { $0?.isEmpty == false ? JSONValue.string($0!) : nil }
        if !patron.isEmpty { body["patron"] = .object(patron) }
        do {
            let stored = try await RequestService(request).place(body, by: caller)
            WebSession.setFlash(
                "Request \(stored.number) placed: \(stored.state.status.label.lowercased()).", on: request)
            return request.redirect(to: SiteURL.request(.value(stored.number)).path)
        } catch APIError.invalidFields(let errors) {
            return try await self.render(request, values: form, errors: errors, status: .unprocessableEntity)
        }
    }

    /// The form filled from an OpenURL's citation, for staff to check and place.
    func render(_ request: Request, citation: OpenURLCitation, from query: String) async throws -> Response {
        var values = citation.requestFields
        values["notes"] = OpenURLNotes.text(citation)
        values["openurl"] = String(decoding: query.utf8.prefix(OpenURLNormalizer.maximumQueryBytes), as: UTF8.self)
        let notice = LinkNotice(referrer: citation.referrer, problems: citation.problems)
        return try await self.render(request, values: values, errors: [], status: .ok, link: notice)
    }

    private func render(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus,
        link: LinkNotice? = nil
    ) async throws -> Response {
        let caller = try request.caller
        var byField: [String: String] = [:]
        for error in errors {
            let field =
                error.field.hasPrefix("patron.")
                ? "patron" + error.field.dropFirst(7).prefix(1).uppercased() + error.field.dropFirst(8) : error.field
            byField[field, default: ""] += (byField[field] == nil ? "" : "; ") + error.message
        }
        let libraries = try await LibraryModel.query(on: request.fluentReads).sort(\.$name).all()
            .map { LibraryOption(symbol: $0.symbol, name: $0.name) }
        var kept = values
        kept["_csrf"] = nil
        let page = FormPage(
            values: kept, errors: byField, summary: errors.map { "\($0.field): \($0.message)" }, isTeam: caller.isTeam,
            libraries: libraries, link: link)
        return try await WebPage.render("new-request", page, title: "Place a request", status: status, for: request)
    }
}
