import Foundation
import InterloanCore
import NCIP
import Vapor

/// Settings › Local system: a library's staff set the NCIP connection to their own circulation system and try it
/// with a patron lookup. The secret is only ever written: the page says whether one is stored.
struct ILSSettingsController: RouteCollection {
    struct Page: Encodable {
        var symbol: String
        var name: String
        var values: [String: String]
        var errors: [String: String]
        var calls: [Call]
        var hasAuthentication: Bool
        var test: TestOutcome?
    }

    /// One call's switch on the form.
    struct Call: Encodable {
        var name: String
        var label: String
        var on: Bool
    }

    /// What a Test connection found, with the messages as they went (the secret masked).
    struct TestOutcome: Encodable {
        var patronId: String
        var succeeded: Bool
        var summary: String
        var sent: String
        var received: String?
    }

    static let callLabels: [NCIPService: String] = [
        .lookupUser: "Look the patron up when a request is placed (LookupUser)",
        .acceptItem: "Create a temporary item on hold for the patron when a loan arrives (AcceptItem)",
        .checkOutItem: "Check our item out to the lending patron when we ship it (CheckOutItem)",
        .checkInItem: "Check items in when they come back or go back (CheckInItem)",
        .deleteItem: "Remove the temporary item when a received request is cancelled (DeleteItem)",
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.settingsILS, use: self.show)
        routes.post(SiteURL.settingsILS, use: self.save)
        routes.post(SiteURL.settingsILSTest, use: self.test)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let library = try await Self.ownLibrary(request)
        let stored = try await ILSConnections(request).connection(of: library.id)
        return try await Self.render(request, library, stored: stored, values: nil, errors: [:], test: nil)
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let library = try await Self.ownLibrary(request)
        let form = try request.content.decode([String: String].self)
        let connection: ILSConnection
        do {
            connection = try ILSConnection.parse(Self.body(of: form))
        } catch APIError.invalidFields(let problems) {
            let stored = try await ILSConnections(request).connection(of: library.id)
            let errors = Dictionary(problems.map { ($0.field, $0.message) }) { first, _ in first }
            return try await Self.render(
                request, library, stored: stored, values: form, errors: errors, test: nil, status: .unprocessableEntity)
        }
        try await ILSConnections(request).save(
            connection, for: library.id, by: try request.caller.actor.name, at: request.application.clock.now())
        WebSession.setFlash("Local system saved.", on: request)
        return request.redirect(to: SiteURL.settingsILS.path)
    }

    @Sendable func test(_ request: Request) async throws -> Response {
        let library = try await Self.ownLibrary(request)
        let form = try request.content.decode([String: String].self)
        let stored = try await ILSConnections(request).connection(of: library.id)
        let patronId = (form["patronId"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if patronId.isEmpty || patronId.unicodeScalars.count > 100 {
            errors["patronId"] = "a patron id of 1 to 100 characters"
        } else if stored?.protocolName != ILSConnection.ProtocolKind.ncip.rawValue {
            errors["patronId"] = "save an NCIP connection first"
        }
        guard errors.isEmpty, let stored else {
            return try await Self.render(
                request, library, stored: stored, values: nil, errors: errors, test: nil, status: .unprocessableEntity)
        }
        let exchange = await NCIPClient(client: request.application.client)
            .call(.lookupUser(patronId: patronId), on: stored)
        let outcome = TestOutcome(
            patronId: patronId, succeeded: exchange.response?.succeeded ?? false, summary: Self.summary(of: exchange),
            sent: exchange.sent, received: exchange.received)
        return try await Self.render(request, library, stored: stored, values: nil, errors: [:], test: outcome)
    }

    /// The form as the API's body: a blank secret keeps the stored one unless removing it is ticked; an unticked
    /// call is off.
    static func body(of form: [String: String]) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        for field in [
            "protocol", "endpoint", "fromAgencyId", "toAgencyId", "applicationProfileType", "lendingPatronId",
        ] {
            body[field] = form[field].map(JSONValue.string) ?? .null
        }
        if form["removeAuthentication"] == "on" {
            body["authentication"] = .null
        } else if let secret = form["authentication"], !secret.isEmpty {
            body["authentication"] = .string(secret)
        }
        body["events"] = .object(
            Dictionary(
                uniqueKeysWithValues: NCIPService.allCases.map {
                    ($0.eventName, .bool(form["call-\($0.eventName)"] == "on"))
                }))
        return body
    }

    static func summary(of exchange: NCIPClient.Exchange) -> String {
        if let failure = exchange.failure { return "No answer: \(failure)." }
        guard let response = exchange.response else { return "No answer." }
        guard response.problems.isEmpty else {
            return "The ILS answered with a problem: " + response.problems.map(\.summary).joined(separator: "; ") + "."
        }
        let patron = response.patron ?? NCIPPatron()
        var parts = ["The ILS knows this patron: \(patron.name ?? "no name given")"]
        if let email = patron.email { parts.append("email \(email)") }
        parts.append(patron.blocks.isEmpty ? "no blocks" : "blocked: " + patron.blocks.joined(separator: ", "))
        return parts.joined(separator: "; ") + "."
    }

    private static func ownLibrary(_ request: Request) async throws -> LibraryInfo {
        guard let id = try request.caller.libraryID,
            let library = try await request.application.libraryDirectory.library(id: id, on: request.fluentReads)
        else {
            throw Abort(.notFound, reason: "Only staff of a library have library settings.")
        }
        return library
    }

    private static func render(
        _ request: Request, _ library: LibraryInfo, stored: ILSConnectionRecord?, values: [String: String]?,
        errors: [String: String], test: TestOutcome?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let shown = ILSConnectionResource(library: library.symbol, stored: stored)
        var kept =
            values ?? [
                "protocol": shown.protocol, "endpoint": shown.endpoint ?? "", "fromAgencyId": shown.fromAgencyId ?? "",
                "toAgencyId": shown.toAgencyId ?? "", "applicationProfileType": shown.applicationProfileType ?? "",
                "lendingPatronId": shown.lendingPatronId ?? "",
            ]
        kept["_csrf"] = nil
        kept["authentication"] = nil
        let calls = NCIPService.allCases.map { service in
            Call(
                name: service.eventName, label: Self.callLabels[service] ?? service.rawValue,
                on: values.map { $0["call-\(service.eventName)"] == "on" } ?? (shown.events[service.eventName] ?? true))
        }
        let page = Page(
            symbol: library.symbol, name: library.name, values: kept, errors: errors, calls: calls,
            hasAuthentication: shown.hasAuthentication, test: test)
        return try await WebPage.render("settings-ils", page, title: "Local system", status: status, for: request)
    }
}
