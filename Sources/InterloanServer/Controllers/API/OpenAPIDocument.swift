import Foundation
import InterloanCore
import Vapor

/// The OpenAPI 3.1 description of the JSON API, built from the same enums the routes use, so action names,
/// statuses and action fields cannot drift from the code. A test compares its paths with the registered routes,
/// and every API answer the tests receive is checked against the operation's declared statuses and schemas.
enum OpenAPIDocument {
    static func json() -> Data {
        // The document is made of plain strings, numbers, arrays and dictionaries, which always serialize.
        (try? JSONSerialization.data(withJSONObject: self.document(), options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    static func document() -> [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Interloan API", "version": "1",
                "description": "Interlibrary loan for a consortium: requests, their lifecycle and the directory.",
            ],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": self.schemas(),
            ],
            "security": [["bearer": []]],
            "paths": self.paths(),
        ]
    }

    static func path(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "schema": schema]
    }

    static var symbolPath: [String: Any] { path("symbol", ["type": "string", "example": "ALDF"]) }
    static var requestPath: [String: Any] { path("id", ["type": "string", "example": "IL-7F3K2Q"]) }
    static var slugPath: [String: Any] { path("slug", ["type": "string", "example": "ill-announce"]) }
    static var datePath: [String: Any] { path("date", ["type": "string", "format": "date"]) }
    static var numberPath: [String: Any] { path("id", ["type": "integer"]) }
    static var page: [String: Any] { query("page", ["type": "integer", "minimum": 1, "maximum": 1_000_000]) }

    static func paths() -> [String: Any] {
        var paths: [String: [String: OpenAPIOperation]] = [
            APIURL.health.openAPIPath: [
                "get": .init(
                    summary: "Liveness", access: .anyone,
                    response: [
                        "type": "object", "required": ["status", "version"],
                        "properties": [
                            "status": ["type": "string", "const": "ok"],
                            "version": ["type": "string", "example": InterloanVersion.current],
                        ],
                    ])
            ],
            APIURL.ready.openAPIPath: [
                "get": .init(
                    summary: "Readiness: the database answers, every migration has run and a write goes through",
                    access: .anyone, response: self.readiness(["ready"]), unavailable: self.readiness(["unavailable"]))
            ],
            APIURL.openAPI.openAPIPath: [
                "get": .init(
                    summary: "This document", access: .anyone,
                    response: [
                        "type": "object", "required": ["openapi", "info", "paths", "components"],
                        "additionalProperties": true,
                    ])
            ],
            APIURL.consortium.openAPIPath: [
                "get": .init(summary: "The consortium", access: .anyone, response: ref("Consortium"), findsByPath: true)
            ],
            APIURL.libraries.openAPIPath: [
                "get": .init(
                    summary: "The public directory", access: .anyone,
                    response: ["type": "array", "items": ref("Library")])
            ],
            APIURL.library(.key).openAPIPath: [
                "get": .init(
                    summary: "One library", access: .anyone, response: ref("Library"), parameters: [symbolPath],
                    findsByPath: true)
            ],
            APIURL.libraryAvailability(.key).openAPIPath: [
                "get": .init(
                    summary: "A library's lending availability today and its history", access: .anyone,
                    response: ref("Availability"), parameters: [symbolPath], findsByPath: true),
                "put": .init(
                    summary: "Declare a library's lending: the newest declaration covering a day decides it",
                    access: .staff, response: ref("Availability"), parameters: [symbolPath],
                    body: ref("AvailabilityDeclarationEdit"), ownLibraryOnly: true, findsByPath: true),
            ],
            APIURL.libraryHoldings(.key).openAPIPath: [
                "post": .init(
                    summary: "Upload a library's holdings; skipped records are listed", access: .staff,
                    response: ref("HoldingsReport"),
                    parameters: [
                        symbolPath, query("format", ["type": "string", "enum": ["csv", "marcxml", "mrc"]]),
                        query("replace", ["type": "boolean"]),
                    ],
                    otherBodies: [
                        "text/csv": ["type": "string"], "application/marcxml+xml": ["type": "string"],
                        "application/marc": ["type": "string", "format": "binary"],
                    ],
                    ownLibraryOnly: true, findsByPath: true, checksInput: true, largestBody: "32 MB")
            ],
            APIURL.libraryILS(.key).openAPIPath: [
                "get": .init(
                    summary: "A library's connection to its own circulation system (NCIP); the secret is never shown",
                    access: .staff, response: ref("ILSConnection"), parameters: [symbolPath], ownLibraryOnly: true,
                    findsByPath: true),
                "put": .init(
                    summary:
                        "Set a library's ILS connection. With protocol ncip, endpoint, fromAgencyId and toAgencyId are "
                        + "required, and lendingPatronId while checkOutItem is on; endpoint is an http(s) address with "
                        + "a host and no user or fragment. authentication left out keeps the stored secret; null or "
                        + "blank removes it.",
                    access: .staff, response: ref("ILSConnection"), parameters: [symbolPath],
                    body: ref("ILSConnectionEdit"), ownLibraryOnly: true, findsByPath: true),
            ],
            APIURL.holdings.openAPIPath: [
                "get": .init(
                    summary:
                        "The libraries holding an item, found by exactly one of isbn, issn, oclc or q (title words)",
                    access: .staff, response: ref("Holders"), parameters: [holdingsLookup], checksInput: true)
            ],
            APIURL.requests.openAPIPath: [
                "get": .init(
                    summary: "Requests this caller may see, newest change first", access: .staff,
                    response: ref("RequestPage"),
                    parameters: [
                        query("side", ["type": "string", "enum": ["borrowing", "lending"]]),
                        [
                            "name": "status", "in": "query", "required": false, "style": "form", "explode": false,
                            "description": "one status or several, comma-separated",
                            "schema": [
                                "type": "array",
                                "items": ["type": "string", "enum": RequestStatus.allCases.map(\.rawValue)],
                            ],
                        ],
                        query("q", ["type": "string"]),
                        query("library", ["type": "string", "description": "the team: whose requests to list"]),
                        page, query("per", ["type": "integer", "minimum": 1, "maximum": 100]),
                    ],
                    checksInput: true),
                "post": .init(
                    summary: "Place a request", access: .staff, success: "201", response: ref("Request"),
                    body: ref("NewRequest"), ownLibraryOnly: true),
            ],
            APIURL.request(.key).openAPIPath: [
                "get": .init(
                    summary: "One request", access: .staff, response: ref("Request"), parameters: [requestPath],
                    findsByPath: true)
            ],
            APIURL.requestHistory(.key).openAPIPath: [
                "get": .init(
                    summary: "The request's history", access: .staff,
                    response: ["type": "array", "items": ref("Event")],
                    parameters: [requestPath], findsByPath: true)
            ],
            APIURL.requestMessages(.key).openAPIPath: [
                "get": .init(
                    summary: "The ISO 18626 messages sent to partners about the request, with their delivery state",
                    access: .staff, response: ["type": "array", "items": ref("PartnerMessage")],
                    parameters: [requestPath],
                    findsByPath: true)
            ],
            APIURL.requestMail(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "The notices mailed about the request to the caller's library (every library's for the team)",
                    access: .staff, response: ["type": "array", "items": ref("Mail")], parameters: [requestPath],
                    findsByPath: true)
            ],
            APIURL.requestClaims(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "Lost, damaged and missing-in-transit claims (the borrower, the lender whose item it is, the team)",
                    access: .staff, response: ["type": "array", "items": ref("Claim")], parameters: [requestPath],
                    ownLibraryOnly: true, findsByPath: true),
                "post": .init(
                    summary: "File a claim; a lost-in-courier claim only from two months after shipping until one year",
                    access: .staff, success: "201", response: ref("Claim"), parameters: [requestPath],
                    body: ref("NewClaim"), ownLibraryOnly: true, findsByPath: true, mayConflict: true),
            ],
            APIURL.requestILS(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "The request's NCIP calls to the caller's own ILS (every library's for the team), with the "
                        + "messages as sent and received, the secret masked",
                    access: .staff, response: ["type": "array", "items": ref("ILSCall")], parameters: [requestPath],
                    findsByPath: true)
            ],
            APIURL.libraryCopyright(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "A library's copies of one calendar year against the copyright guidelines, per title: "
                        + "counted, at the limit, past it (in review, fee paid, withdrawn), fees",
                    access: .staff, response: ref("CopyrightReport"),
                    parameters: [symbolPath, query("year", ["type": "integer", "minimum": 2000, "maximum": 2100])],
                    ownLibraryOnly: true, findsByPath: true, checksInput: true)
            ],
            APIURL.report(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "A report's figures for the requests placed in a period (this year by default): as JSON, "
                        + "or as CSV with format=csv. The team sees every library; staff see their own library's "
                        + "figures. 422 names the parameter: from after to, a period over five years, a library "
                        + "or region not in the directory",
                    access: .staff, response: ref("Report"), otherResponses: ["text/csv": ["type": "string"]],
                    parameters: [
                        path("name", ["type": "string", "enum": Reports.available.map(\.rawValue)]),
                        query("from", ["type": "string", "format": "date"]),
                        query("to", ["type": "string", "format": "date"]),
                        query("library", ["type": "string", "maxLength": 20]),
                        query("region", ["type": "string", "maxLength": 40]),
                        query("serviceType", ["type": "string", "enum": ServiceType.allCases.map(\.rawValue)]),
                        query("format", ["type": "string", "enum": ["json", "csv"]]),
                    ],
                    ownLibraryOnly: true, findsByPath: true, checksInput: true)
            ],
            APIURL.requestDocuments(.key).openAPIPath: [
                "get": .init(
                    summary:
                        "A copy's delivered files, with the links they are opened by (their addresses for the "
                        + "borrowing library and the team)",
                    access: .staff, response: ["type": "array", "items": ref("Document")], parameters: [requestPath],
                    findsByPath: true),
                "post": .init(
                    summary:
                        "Deliver a copy as a file (the lender, while it will supply): the body is the file, of the "
                        + "type it declares; the request ships electronically",
                    access: .staff, success: "201", response: ref("Request"),
                    parameters: [requestPath, query("note", ["type": "string", "maxLength": 2000])],
                    otherBodies: Dictionary(
                        uniqueKeysWithValues: DocumentType.allCases.map {
                            ($0.rawValue, ["type": "string", "format": "binary"] as [String: Any])
                        }),
                    ownLibraryOnly: true, findsByPath: true, mayConflict: true, checksInput: true,
                    largestBody: "INTERLOAN_MAX_DOCUMENT_MB, 100 MB by default"),
            ],
            APIURL.requestCandidates(.key).openAPIPath: [
                "get": .init(
                    summary: "The lenders that could be asked next, best first, each with its score and reasons",
                    access: .staff, response: ["type": "array", "items": ref("Candidate")], parameters: [requestPath],
                    ownLibraryOnly: true, findsByPath: true)
            ],
            APIURL.courier.openAPIPath: [
                "get": .init(
                    summary:
                        "The courier schedule: routes and stops, holidays (this year and next, or ?year=), delays not yet over",
                    access: .anyone, response: ref("CourierSchedule"),
                    parameters: [query("year", ["type": "integer", "minimum": 2000, "maximum": 2100])],
                    checksInput: true)
            ],
            APIURL.courierRoute(.key).openAPIPath: [
                "put": .init(
                    summary: "Set a route's stops and delivery days; libraries on the route and not named leave it",
                    access: .team, response: ref("CourierRoute"),
                    parameters: [
                        path("code", ["type": "string", "pattern": CourierEditor.routePattern, "example": "WEST 2"])
                    ],
                    body: ref("CourierRouteEdit"))
            ],
            APIURL.courierHoliday(.key).openAPIPath: [
                "put": .init(
                    summary: "Add or rename a courier holiday", access: .team, response: ref("CourierHoliday"),
                    parameters: [datePath], body: ref("CourierHolidayEdit")),
                "delete": .init(
                    summary: "Remove a courier holiday", access: .team, success: "204", parameters: [datePath],
                    findsByPath: true, checksInput: true),
            ],
            APIURL.courierDelays.openAPIPath: [
                "post": .init(
                    summary: "Post a route delay; expected arrivals on the route move with it", access: .team,
                    success: "201", response: ref("CourierDelay"), body: ref("CourierDelayPost"))
            ],
            APIURL.courierDelay(.key).openAPIPath: [
                "delete": .init(
                    summary: "Withdraw a route delay", access: .team, success: "204", parameters: [numberPath],
                    findsByPath: true)
            ],
            APIURL.lists.openAPIPath: [
                "get": .init(
                    summary: "The announcement lists, with their slugs, archives and feeds", access: .anyone,
                    response: ["type": "array", "items": ref("AnnouncementList")])
            ],
            APIURL.listSubscriptions(.key).openAPIPath: [
                "post": .init(
                    summary:
                        "Ask to subscribe an address: a confirmation mail with a one-time link is sent (at most one live link per address, rate-limited); the same answer whatever the address's state",
                    access: .anyone, success: "202",
                    response: [
                        "type": "object", "required": ["status", "message"],
                        "properties": [
                            "status": ["type": "string", "const": "pending"], "message": ["type": "string"],
                        ],
                    ],
                    parameters: [slugPath],
                    body: ref("SubscriptionRequest"), findsByPath: true),
                "get": .init(
                    summary: "The list's subscribers", access: .team,
                    response: ["type": "array", "items": ref("Subscription")], parameters: [slugPath], findsByPath: true
                ),
            ],
            APIURL.listSubscription(.key, subscriber: .key).openAPIPath: [
                "delete": .init(
                    summary: "Remove a subscriber", access: .team, success: "204",
                    parameters: [slugPath, numberPath], findsByPath: true)
            ],
            APIURL.listAnnouncements(.key).openAPIPath: [
                "get": .init(
                    summary: "The list's archive, newest first (`q` searches, 25 a page)", access: .anyone,
                    response: ref("AnnouncementPage"), parameters: [slugPath, query("q", ["type": "string"]), page],
                    findsByPath: true, checksInput: true),
                "post": .init(
                    summary: "Post an announcement (Markdown): archived and mailed to every confirmed subscriber",
                    access: .team, success: "201", response: ref("Posted"), parameters: [slugPath],
                    body: ref("NewAnnouncement"), findsByPath: true),
            ],
            APIURL.pages.openAPIPath: [
                "get": .init(
                    summary: "News and FAQ pages, in order", access: .anyone,
                    response: ["type": "array", "items": ref("SitePage")],
                    parameters: [query("kind", ["type": "string", "enum": ["news", "faq"]])], checksInput: true),
                "post": .init(
                    summary: "Add a news item or an FAQ answer (Markdown)", access: .team, success: "201",
                    response: ref("SitePage"), body: ref("NewSitePage")),
            ],
            APIURL.page(.key).openAPIPath: [
                "put": .init(
                    summary: "Replace a page", access: .team, response: ref("SitePage"), parameters: [numberPath],
                    body: ref("SitePageEdit"), findsByPath: true),
                "delete": .init(
                    summary: "Remove a page", access: .team, success: "204", parameters: [numberPath],
                    findsByPath: true),
            ],
            APIURL.contacts.openAPIPath: [
                "get": .init(
                    summary: "The team's contact directory and how to reach the team", access: .anyone,
                    response: ref("ContactDirectory")),
                "put": .init(
                    summary: "Replace the contact directory", access: .admin, response: ref("ContactDirectory"),
                    body: ref("ContactDirectory")),
            ],
            APIURL.patrons.openAPIPath: [
                "post": .init(
                    summary:
                        "Add a patron account to a library; refused (422) when the library already has the barcode or the email",
                    access: .staff, success: "201", response: ref("Patron"), body: ref("NewPatron"),
                    ownLibraryOnly: true)
            ],
            APIURL.openURL.openAPIPath: [
                "get": .init(
                    summary: "The citation an OpenURL (1.0 KEV or 0.1) carries, in the fields of a request",
                    access: .anyone, response: ref("OpenURLCitation"),
                    parameters: [
                        [
                            "name": "rft.title", "in": "query", "required": false, "schema": ["type": "string"],
                            "description":
                                "any OpenURL key: rft.* with rft_val_fmt, rft_id, rfr_id, or sid, genre, title, atitle, aulast, issn, isbn, spage, pid",
                        ]
                    ])
            ],
            APIURL.lastResort.openAPIPath: [
                "get": .init(
                    summary: "The last-resort lenders that close automatic lender strings", access: .staff,
                    response: ref("LastResort")),
                "put": .init(
                    summary: "Replace the last-resort lenders", access: .team, response: ref("LastResort"),
                    body: ref("LastResort")),
            ],
        ]
        for (url, summary) in [
            (APIURL.requestILSRetry(.key, call: .key), "Send again an NCIP call stopped at a problem; in the history"),
            (APIURL.requestILSSkip(.key, call: .key), "Go on without an NCIP call that is not done; in the history"),
        ] {
            paths[url.openAPIPath] = [
                "post": .init(
                    summary: summary, access: .staff, response: ref("ILSCall"),
                    parameters: [requestPath, path("call", ["type": "integer"])], ownLibraryOnly: true,
                    findsByPath: true, mayConflict: true)
            ]
        }
        for action in Action.allCases {
            paths[APIURL.requestAction(.key, action: .value(action.rawValue)).openAPIPath] = [
                "post": self.actionOperation(action)
            ]
        }
        return paths.mapValues { $0.mapValues { $0.json() } }
    }

    /// An identifier as catalogue records carry it: read from its start up to the first character that is no digit,
    /// `X`, hyphen or space, so `9780306406157 (pbk.)` finds the ISBN.
    static func lookupKey(_ what: String) -> [String: Any] {
        [
            "type": "string", "minLength": 1,
            "description": "\(what); read up to the first character that is no digit, X, hyphen or space",
        ]
    }

    /// `GET /api/v1/holdings` takes exactly one of its four keys: one object parameter, spread over the query.
    static var holdingsLookup: [String: Any] {
        [
            "name": "lookup", "in": "query", "required": true, "style": "form", "explode": true,
            "schema": [
                "type": "object",
                "oneOf": ["isbn", "issn", "oclc", "q"].map { ["required": [$0]] },
                "properties": [
                    "isbn": OpenAPIDocument.lookupKey("an ISBN-10, or an ISBN-13 with its check digit"),
                    "issn": OpenAPIDocument.lookupKey("an ISSN"),
                    "oclc": OpenAPIDocument.lookupKey("an OCLC number, with or without (OCoLC), ocm, ocn or on"),
                    "q": OpenAPIDocument.requiredText(500),
                ],
            ],
        ]
    }

    /// `GET /ready`'s answer, with the statuses it may carry.
    static func readiness(_ statuses: [String]) -> [String: Any] {
        [
            "type": "object", "required": ["status"],
            "properties": [
                "status": ["type": "string", "enum": statuses], "reason": ["type": "string"],
            ],
        ]
    }

    static func query(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema]
    }

    static func ref(_ name: String) -> [String: Any] {
        ["$ref": "#/components/schemas/\(name)"]
    }
}
