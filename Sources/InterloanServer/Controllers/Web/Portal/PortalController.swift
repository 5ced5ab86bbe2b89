import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The patron portal at `/my`: the patron's requests in plain words, asking for an item (prefilled from an
/// OpenURL), cancelling, asking for a renewal, notice preferences, their data and closing their account.
struct PortalController: RouteCollection {
    struct ListPage: Encodable {
        var patronName: String
        var libraryName: String
        var requests: [Row]
        var notices: String
    }

    struct Row: Encodable {
        var id: String
        var title: String
        var author: String?
        var kind: String
        var words: String
        var placed: String
        var cancel: String?
        var mayRenew: Bool
        /// The patron's link to a copy delivered as a file, while it opens it.
        var copyLink: String?
    }

    struct FormPage: Encodable {
        var values: [String: String]
        var errors: [String: String]
        var summary: [String]
        var link: PlaceRequestController.LinkNotice?
        var duplicate: Duplicate?
    }

    struct Duplicate: Encodable {
        var id: String
        var placed: String
        var words: String
    }

    /// The fields a patron fills in; lenders and the borrowing library are the library's business.
    static let fields = [
        "serviceType", "title", "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume",
        "issue", "pages", "neededBy", "notes", "openurl",
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal, use: self.list)
        routes.get(SiteURL.portalNewRequest, use: self.form)
        routes.post(SiteURL.portalRequests, use: self.place)
        routes.post(SiteURL.portalCancel(.key), use: self.cancel)
        routes.post(SiteURL.portalRenewal(.key), use: self.askRenewal)
        routes.post(SiteURL.portalNotices, use: self.saveNotices)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let patron = try request.patron
        let requests = PatronRequests(request: request, patron: patron)
        let listed = try await requests.list()
        let links = try await DocumentLinks(request: request).patronPaths(
            of: listed.filter { $0.stored.state.serviceType == .copy }.map(\.stored.id),
            at: request.application.clock.now())
        let rows = listed.map { item in
            var row = Self.row(item.stored, receivedOn: item.receivedOn, pickup: patron.library.name)
            row.copyLink = links[item.stored.id]
            return row
        }
        let page = ListPage(
            patronName: patron.record.name ?? patron.record.barcode, libraryName: patron.library.name,
            requests: rows, notices: patron.record.notices)
        return try await WebPage.render("portal", page, title: "My requests", for: request)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        _ = try request.patron
        return try await self.render(request, values: ["serviceType": "loan"], errors: [], status: .ok)
    }

    /// The form filled from an OpenURL's citation, for the patron to check and send.
    func render(_ request: Request, citation: OpenURLCitation, from query: String) async throws -> Response {
        var values = citation.requestFields
        values["notes"] = OpenURLNotes.text(citation)
        values["openurl"] = String(decoding: query.utf8.prefix(OpenURLNormalizer.maximumQueryBytes), as: UTF8.self)
        let notice = PlaceRequestController.LinkNotice(referrer: citation.referrer, problems: citation.problems)
        return try await self.render(request, values: values, errors: [], status: .ok, link: notice)
    }

    @Sendable func place(_ request: Request) async throws -> Response {
        let patron = try request.patron
        let form = try request.content.decode([String: String].self)
        var body: [String: JSONValue] = [:]
        for name in Self.fields {
            if let value = form[name], !value.isEmpty { body[name] = .string(value) }
        }
        let requests = PatronRequests(request: request, patron: patron)
        if form["placeAnyway"] != "yes", let earlier = try await requests.duplicate(of: body) {
            let duplicate = Duplicate(
                id: earlier.number, placed: String(Timestamp.string(earlier.row.createdAt).prefix(10)),
                words: PatronWording.describe(earlier.state, PatronWording.Facts(pickupLibrary: patron.library.name)))
            return try await self.render(
                request, values: form, errors: [], status: .conflict, duplicate: duplicate)
        }
        do {
            let stored = try await requests.place(body)
            WebSession.setFlash(
                "Your request \(stored.number) is placed. We will email you as it moves on.", on: request)
            return request.redirect(to: SiteURL.portal.path)
        } catch APIError.invalidFields(let errors) {
            return try await self.render(request, values: form, errors: errors, status: .unprocessableEntity)
        }
    }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        let requests = PatronRequests(request: request, patron: try request.patron)
        let stored = try await requests.find(request.parameters.get("id") ?? "")
        do {
            switch try await requests.cancel(stored) {
            case .cancelled: WebSession.setFlash("Request \(stored.number) is cancelled.", on: request)
            case .askedStaff:
                WebSession.setFlash(
                    "A library already agreed to lend \(stored.number): your library will ask it to stop and let you know.",
                    on: request)
            }
        } catch APIError.conflict(let reason, _) {
            WebSession.setFlash(reason, on: request)
        }
        return request.redirect(to: SiteURL.portal.path)
    }

    @Sendable func askRenewal(_ request: Request) async throws -> Response {
        let requests = PatronRequests(request: request, patron: try request.patron)
        let stored = try await requests.find(request.parameters.get("id") ?? "")
        do {
            switch try await requests.askRenewal(stored) {
            case .sentToLender:
                WebSession.setFlash(
                    "Your renewal of \(stored.number) is asked of the lending library; we will email you its answer.",
                    on: request)
            case .askedStaff:
                WebSession.setFlash(
                    "Your library has your renewal ask for \(stored.number); we will email you the answer.",
                    on: request)
            }
        } catch APIError.conflict(let reason, _) {
            WebSession.setFlash(reason, on: request)
        }
        return request.redirect(to: SiteURL.portal.path)
    }

    @Sendable func saveNotices(_ request: Request) async throws -> Response {
        let patron = try request.patron
        let choice = (try? request.content.get(String.self, at: "notices")) ?? ""
        guard ["all", "decisions"].contains(choice) else {
            WebSession.setFlash("Choose which emails you want: all of them, or only the answers.", on: request)
            return request.redirect(to: SiteURL.portal.path(fragment: "notices"))
        }
        let now = request.application.clock.now()
        try await request.writes.write { sql in
            try await sql.update(PatronRecord.table).set("notices", to: choice).set("updated_at", to: now)
                .where("id", .equal, patron.id).run()
        }
        WebSession.setFlash(
            choice == "all" ? "You will get every email about your requests." : "You will get only the answers.",
            on: request)
        return request.redirect(to: SiteURL.portal.path(fragment: "notices"))
    }

    static func row(_ stored: StoredRequest, receivedOn: Day?, pickup: String) -> Row {
        let ask = stored.row.patronAsk.flatMap(PatronWording.PendingAsk.init(rawValue:))
        let state = stored.state
        let words = PatronWording.describe(
            state, PatronWording.Facts(pickupLibrary: pickup, receivedOn: receivedOn, pendingAsk: ask))
        var cancel: String?
        if [.submitted, .needsLender, .sentToLender, .conditional].contains(state.status) {
            cancel = "Cancel"
        } else if [.willSupply].contains(state.status), ask == nil {
            cancel = "Ask to cancel"
        }
        let mayRenew =
            state.status == .received && state.serviceType == .loan && ask == nil
            && Lifecycle.decide(.renew, in: state, roles: [.borrower]).isAllowed
        return Row(
            id: stored.number, title: stored.row.title, author: stored.row.author,
            kind: state.serviceType == .copy ? "Copy" : "Loan", words: words,
            placed: String(Timestamp.string(stored.row.createdAt).prefix(10)), cancel: cancel, mayRenew: mayRenew)
    }

    private func render(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus,
        link: PlaceRequestController.LinkNotice? = nil, duplicate: Duplicate? = nil
    ) async throws -> Response {
        let byField = FieldError.messagesByField(errors)
        var kept = values.filter { Self.fields.contains($0.key) }
        if kept["serviceType"] == nil { kept["serviceType"] = "loan" }
        let page = FormPage(
            values: kept, errors: byField, summary: errors.map { "\($0.field): \($0.message)" }, link: link,
            duplicate: duplicate)
        return try await WebPage.render("portal-request", page, title: "Ask for an item", status: status, for: request)
    }
}
