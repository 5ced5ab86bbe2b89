import Foundation
import InterloanCore
import Vapor

/// The OpenAPI 3.1 description of the JSON API, built from the same enums the routes use, so action names,
/// statuses and action fields cannot drift from the code; a test compares its paths with the registered routes.
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

    static func paths() -> [String: Any] {
        let idParameter: [String: Any] = [
            "name": "id", "in": "path", "required": true, "schema": ["type": "string", "example": "IL-7F3K2Q"],
        ]
        let symbolParameter: [String: Any] = ["name": "symbol", "in": "path", "required": true, "schema": ["type": "string"]]
        let slugParameter: [String: Any] = ["name": "slug", "in": "path", "required": true, "schema": ["type": "string"]]
        let dateParameter: [String: Any] = [
            "name": "date", "in": "path", "required": true, "schema": ["type": "string", "format": "date"],
        ]
        return [
            "/health": ["get": self.operation("Liveness", public: true, response: ["type": "object"])],
            "/api/v1/openapi.json": ["get": self.operation("This document", public: true, response: ["type": "object"])],
            "/api/v1/consortium": ["get": self.operation("The consortium", public: true, response: self.ref("Consortium"))],
            "/api/v1/libraries": [
                "get": self.operation("The public directory", public: true,
                    response: ["type": "array", "items": self.ref("Library")])
            ],
            "/api/v1/libraries/{symbol}": [
                "get": self.operation("One library", public: true, response: self.ref("Library"),
                    parameters: [["name": "symbol", "in": "path", "required": true, "schema": ["type": "string"]]])
            ],
            "/api/v1/requests": [
                "get": self.operation("Requests this caller may see, newest change first", response: self.ref("RequestPage"),
                    parameters: [
                        self.query("side", ["type": "string", "enum": ["borrowing", "lending"]]),
                        self.query("status", ["type": "string", "description": "one status or several, comma-separated"]),
                        self.query("q", ["type": "string"]),
                        self.query("library", ["type": "string", "description": "team only: whose side to list"]),
                        self.query("page", ["type": "integer", "minimum": 1]),
                        self.query("per", ["type": "integer", "minimum": 1, "maximum": 100]),
                    ]),
                "post": self.operation("Place a request", response: self.ref("Request"), status: "201",
                    body: self.ref("NewRequest")),
            ],
            "/api/v1/requests/{id}": ["get": self.operation("One request", response: self.ref("Request"), parameters: [idParameter])],
            "/api/v1/requests/{id}/history": [
                "get": self.operation("The request's history", response: ["type": "array", "items": self.ref("Event")],
                    parameters: [idParameter])
            ],
            "/api/v1/libraries/{symbol}/holdings": [
                "post": [
                    "summary": "Upload a library's holdings (its own staff, or the team); skipped records are listed",
                    "parameters": [
                        ["name": "symbol", "in": "path", "required": true, "schema": ["type": "string"]],
                        self.query("format", ["type": "string", "enum": ["csv", "marcxml", "mrc"]]),
                        self.query("replace", ["type": "boolean"]),
                    ],
                    "requestBody": [
                        "required": true,
                        "content": [
                            "text/csv": ["schema": ["type": "string"]],
                            "application/marcxml+xml": ["schema": ["type": "string"]],
                            "application/marc": ["schema": ["type": "string", "format": "binary"]],
                        ],
                    ],
                    "responses": [
                        "200": ["description": "what was read, stored and skipped",
                            "content": ["application/json": ["schema": self.ref("HoldingsReport")]]],
                        "401": ["description": "no or an invalid bearer token"],
                        "403": ["description": "another library's holdings"],
                        "404": ["description": "no such library"],
                        "413": ["description": "the file is over 32 MB"],
                        "422": ["description": "no format given or recognised"],
                    ],
                ] as [String: Any]
            ],
            "/api/v1/holdings": [
                "get": self.operation(
                    "The libraries holding an item, found by exactly one of isbn, issn, oclc or q (title words)",
                    response: self.ref("Holders"),
                    parameters: ["isbn", "issn", "oclc", "q"].map {
                        ["name": $0, "in": "query", "required": false, "schema": ["type": "string"]]
                    })
            ],
            "/api/v1/requests/{id}/messages": [
                "get": self.operation(
                    "The ISO 18626 messages sent to partners about the request, with their delivery state",
                    response: ["type": "array", "items": self.ref("PartnerMessage")], parameters: [idParameter])
            ],
            "/api/v1/requests/{id}/mail": [
                "get": self.operation(
                    "The notices mailed about the request to the caller's library (every library's for the team), with their delivery state",
                    response: ["type": "array", "items": self.ref("Mail")], parameters: [idParameter])
            ],
            "/api/v1/requests/{id}/claims": [
                "get": self.operation(
                    "Lost, damaged and missing-in-transit claims (the borrower, the lender whose item it is, the team)",
                    response: ["type": "array", "items": self.ref("Claim")], parameters: [idParameter]),
                "post": self.operation(
                    "File a claim; a lost-in-courier claim only from two months after shipping until one year",
                    response: self.ref("Claim"), status: "201", body: self.ref("NewClaim"), parameters: [idParameter]),
            ],
            "/api/v1/requests/{id}/candidates": [
                "get": self.operation(
                    "The lenders that could be asked next, best first, each with its score and reasons (borrower and team)",
                    response: ["type": "array", "items": self.ref("Candidate")], parameters: [idParameter])
            ],
            "/api/v1/libraries/{symbol}/availability": [
                "get": self.operation("A library's lending availability today and its history", public: true,
                    response: self.ref("Availability"), parameters: [symbolParameter]),
                "put": self.operation(
                    "Declare a library's lending (its own staff, or the team): the newest declaration covering a day decides it",
                    response: self.ref("Availability"), body: self.ref("AvailabilityDeclaration"),
                    parameters: [symbolParameter]),
            ],
            "/api/v1/courier": [
                "get": self.operation(
                    "The courier schedule: routes and stops with delivery days, holidays (this year and next, or ?year=), delays not yet over",
                    public: true, response: self.ref("CourierSchedule"),
                    parameters: [self.query("year", ["type": "integer", "minimum": 2000, "maximum": 2100])])
            ],
            "/api/v1/courier/routes/{code}": [
                "put": self.operation(
                    "Set a route's stops and delivery days (team); libraries on the route and not named leave it",
                    response: self.ref("CourierRoute"), body: self.ref("CourierRouteEdit"),
                    parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string", "example": "WEST 2"]]])
            ],
            "/api/v1/courier/holidays/{date}": [
                "put": self.operation("Add or rename a courier holiday (team)", response: self.ref("CourierHoliday"),
                    body: ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]]],
                    parameters: [dateParameter]),
                "delete": self.operation("Remove a courier holiday (team)", response: nil, status: "204",
                    parameters: [dateParameter]),
            ],
            "/api/v1/courier/delays": [
                "post": self.operation("Post a route delay (team); expected arrivals on the route move with it",
                    response: self.ref("CourierDelay"), status: "201", body: self.ref("CourierDelayPost"))
            ],
            "/api/v1/courier/delays/{id}": [
                "delete": self.operation("Withdraw a route delay (team)", response: nil, status: "204",
                    parameters: [["name": "id", "in": "path", "required": true, "schema": ["type": "integer"]]])
            ],
            "/api/v1/lists": [
                "get": self.operation("The announcement lists, with their slugs, archives and feeds", public: true,
                    response: ["type": "array", "items": self.ref("AnnouncementList")])
            ],
            "/api/v1/lists/{slug}/subscriptions": [
                "post": self.operation(
                    "Ask to subscribe an address: a confirmation mail with a one-time link is sent (at most one live link per address, rate-limited); the same answer whatever the address's state",
                    public: true, response: ["type": "object"], status: "202",
                    body: ["type": "object", "required": ["email"], "properties": ["email": ["type": "string"]]],
                    parameters: [slugParameter]),
                "get": self.operation("The list's subscribers (team)",
                    response: ["type": "array", "items": self.ref("Subscription")], parameters: [slugParameter]),
            ],
            "/api/v1/lists/{slug}/subscriptions/{id}": [
                "delete": self.operation("Remove a subscriber (team)", response: nil, status: "204",
                    parameters: [slugParameter, ["name": "id", "in": "path", "required": true, "schema": ["type": "integer"]]])
            ],
            "/api/v1/lists/{slug}/announcements": [
                "get": self.operation("The list's archive, newest first (`q` searches, 25 a page)", public: true,
                    response: self.ref("AnnouncementPage"),
                    parameters: [slugParameter, self.query("q", ["type": "string"]), self.query("page", ["type": "integer", "minimum": 1])]),
                "post": self.operation(
                    "Post an announcement (team, Markdown): archived and mailed to every confirmed subscriber",
                    response: self.ref("Posted"), status: "201", body: self.ref("NewAnnouncement"), parameters: [slugParameter]),
            ],
            "/api/v1/pages": [
                "get": self.operation("News and FAQ pages, in order", public: true,
                    response: ["type": "array", "items": self.ref("SitePage")],
                    parameters: [self.query("kind", ["type": "string", "enum": ["news", "faq"]])]),
                "post": self.operation("Add a news item or an FAQ answer (team, Markdown)", response: self.ref("SitePage"),
                    status: "201", body: self.ref("SitePageEdit")),
            ],
            "/api/v1/pages/{id}": [
                "put": self.operation("Replace a page (team)", response: self.ref("SitePage"), body: self.ref("SitePageEdit"),
                    parameters: [["name": "id", "in": "path", "required": true, "schema": ["type": "integer"]]]),
                "delete": self.operation("Remove a page (team)", response: nil, status: "204",
                    parameters: [["name": "id", "in": "path", "required": true, "schema": ["type": "integer"]]]),
            ],
            "/api/v1/contacts": [
                "get": self.operation("The team's contact directory and how to reach the team", public: true,
                    response: self.ref("ContactDirectory")),
                "put": self.operation("Replace the contact directory (admins)", response: self.ref("ContactDirectory"),
                    body: self.ref("ContactDirectory")),
            ],
            "/api/v1/routing/last-resort": [
                "get": self.operation("The last-resort lenders that close automatic lender strings",
                    response: self.ref("LastResort")),
                "put": self.operation("Replace the last-resort lenders (team only)", response: self.ref("LastResort"),
                    body: self.ref("LastResort")),
            ],
            "/api/v1/requests/{id}/actions/{action}": [
                "post": self.operation("Perform an action; the fields each action takes are in x-action-fields",
                    response: self.ref("Request"), body: self.ref("ActionFields"),
                    parameters: [
                        idParameter,
                        ["name": "action", "in": "path", "required": true,
                         "schema": ["type": "string", "enum": Action.allCases.map(\.rawValue)]],
                    ])
            ],
        ]
    }

    static func operation(
        _ summary: String, public isPublic: Bool = false, response: [String: Any]?, status: String = "200",
        body: [String: Any]? = nil, parameters: [[String: Any]] = []
    ) -> [String: Any] {
        // A response without a schema has no body (204).
        var responses: [String: Any] = [
            status: response.map { ["description": "success", "content": ["application/json": ["schema": $0]]] }
                ?? ["description": "success, no content"]
        ]
        for (code, meaning) in self.errorResponses(isPublic: isPublic, hasBody: body != nil, hasID: !parameters.isEmpty) {
            responses[code] = ["description": meaning, "content": ["application/json": ["schema": self.ref("Error")]]]
        }
        var operation: [String: Any] = ["summary": summary, "responses": responses]
        if isPublic { operation["security"] = [[String: Any]]() }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
        }
        return operation
    }

    static func errorResponses(isPublic: Bool, hasBody: Bool, hasID: Bool) -> [String: String] {
        var responses: [String: String] = [:]
        if !isPublic {
            responses["401"] = "no or an invalid bearer token"
            responses["422"] = "invalid fields or parameters, each named"
        }
        if hasID { responses["404"] = "unknown, or not visible to this caller" }
        if hasBody {
            responses["400"] = "the body is not a JSON object"
            responses["409"] = "not allowed now or for this caller; lists the allowed actions"
        }
        return responses
    }

    static func query(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema]
    }

    static func ref(_ name: String) -> [String: Any] {
        ["$ref": "#/components/schemas/\(name)"]
    }
}
