import Foundation
import InterloanCore
import NCIP

/// The schemas of what clients send, with the rules the server holds them to: lengths, patterns, formats,
/// ranges, required fields and `null` only where it is read as "not given". Rules that depend on what is stored
/// (a symbol in the directory, a request's state, one date after another) are stated in descriptions.
extension OpenAPIDocument {
    /// The characters Swift trims as white space (`whitespacesAndNewlines`), spelled out: `\\s` means other
    /// sets in other regular expression dialects.
    static let whiteSpace =
        "\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

    /// Text that must hold something besides white space, up to `limit` characters.
    static func requiredText(_ limit: Int) -> [String: Any] {
        ["type": "string", "pattern": "[^\(self.whiteSpace)]", "maxLength": limit]
    }

    /// Optional text: absent, `null` or blank all mean "not given".
    static func optionalText(_ limit: Int) -> [String: Any] {
        ["type": ["string", "null"], "maxLength": limit]
    }

    /// Optional text without control characters, up to `limit` characters.
    static func plainText(_ limit: Int) -> [String: Any] {
        ["type": ["string", "null"], "maxLength": limit, "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"]
    }

    static var isbn: [String: Any] {
        [
            "type": "string", "pattern": "^([0-9]{9}[0-9Xx]|[0-9]{13})$",
            "description": "ISBN-10 or ISBN-13, digits only",
        ]
    }
    static var issn: [String: Any] {
        ["type": "string", "pattern": "^[0-9]{4}-?[0-9]{3}[0-9Xx]$", "example": "1234-567X"]
    }
    static var oclc: [String: Any] {
        ["type": "string", "pattern": "^(\\(OCoLC\\)|ocm|ocn|on)?[0-9]{1,12}$", "example": "ocm12345678"]
    }
    static var symbol: [String: Any] { ["type": "string", "pattern": "^[A-Za-z0-9-]{2,16}$", "example": "ALDF"] }
    /// A symbol as `LibrarySymbol` reads one: any letter case, spaces around it trimmed.
    static var symbolAsTyped: [String: Any] {
        let space = "[\\t \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]*"
        return ["type": "string", "pattern": "^\(space)[A-Za-z0-9-]{2,16}\(space)$", "example": "ALDF"]
    }
    /// Library symbols as a list, or as one text separated by commas or spaces (as forms send them).
    static var symbols: [String: Any] {
        [
            "anyOf": [
                ["type": "array", "items": self.symbolAsTyped],
                ["type": "string", "pattern": "^[ ,]*([A-Za-z0-9-]{2,16}[ ,]+)*[A-Za-z0-9-]{2,16}[ ,]*$"],
            ]
        ]
    }
    static var date: [String: Any] { ["type": "string", "format": "date"] }
    static var optionalDate: [String: Any] { ["type": ["string", "null"], "format": "date"] }
    /// One rule for every email field (`EmailAddress`).
    static var email: [String: Any] {
        let refused = "@\"<>()\\[\\],;:\\\\\\u0000-\\u0020\\u007f\(self.whiteSpace)"
        let allowed = "[^\(refused)]"
        let label = "[^.\(refused)]+"
        return [
            "type": "string", "maxLength": EmailAddress.maximumLength,
            "pattern": "^\(allowed)+@\(label)(\\.\(label))+$",
        ]
    }

    /// An object body; `closed` when the server refuses fields it does not know (requests and actions name each
    /// one), open where it ignores them.
    static func object(_ properties: [String: Any], required: [String] = [], closed: Bool = false) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties]
        if closed { schema["additionalProperties"] = false }
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    /// A page's fields; a replaced page may leave out its kind (or send null) to keep it.
    static func sitePage(keepsKind: Bool) -> [String: Any] {
        var kind: [String: Any] = ["type": "string", "enum": ["news", "faq"]]
        if keepsKind { kind = ["enum": ["news", "faq", NSNull()] as [Any]] }
        return [
            "kind": kind, "title": self.requiredText(200),
            "body": self.requiredText(20_000),
            "position": [
                "anyOf": [
                    ["type": ["integer", "null"], "minimum": -999_999, "maximum": 999_999],
                    ["type": "string", "pattern": "^[+-]?0*[0-9]{1,6}$"],
                ]
            ],
        ]
    }

    /// An optional field that is blank, null or absent when not given, and else matches `schema`.
    static func optional(_ schema: [String: Any]) -> [String: Any] {
        ["anyOf": [schema, ["type": "null"], ["type": "string", "pattern": "^[\(self.whiteSpace)]*$"]]]
    }

    static func inputSchemas() -> [String: Any] {
        let weekdays: [String: Any] = [
            "type": "array", "minItems": 1,
            "items": [
                "oneOf": [
                    ["type": "string", "enum": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]],
                    ["type": "integer", "minimum": 1, "maximum": 7],
                ]
            ],
            "description": "names (Mon ... Sun) or ISO numbers (1 = Monday ... 7 = Sunday)",
        ]
        return [
            "NewPatron": self.object(
                [
                    "barcode": [
                        "type": "string", "maxLength": 64,
                        "pattern":
                            "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f\(self.whiteSpace)][^\\u0000-\\u001f\\u007f-\\u009f]*$",
                    ],
                    "name": self.plainText(200), "email": ["anyOf": [self.email, ["type": "null"]]],
                    "password": [
                        "type": ["string", "null"], "minLength": NewPatron.minimumPasswordLength, "maxLength": 200,
                    ],
                    "library": self.optional(self.symbolAsTyped).merging(
                        ["description": "the team only (and then required): the patron's member library"]) { $1 },
                ], required: ["barcode"], closed: true),
            "NewRequest": self.object(
                [
                    "title": self.requiredText(500), "author": self.optionalText(500),
                    "isbn": self.optional(self.isbn), "issn": self.optional(self.issn),
                    "oclcNumber": self.optional(self.oclc),
                    "serviceType": self.optional(["type": "string", "enum": ServiceType.allCases.map(\.rawValue)]),
                    "articleTitle": self.optionalText(500), "journalTitle": self.optionalText(500),
                    "volume": self.optionalText(500), "issue": self.optionalText(500), "pages": self.optionalText(500),
                    "eissn": self.optional(self.issn),
                    "publicationDate": self.optional([
                        "type": "string", "pattern": "^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                    ]),
                    "copyrightCompliance": self.optional([
                        "type": "string", "enum": CopyrightCompliance.allCases.map(\.rawValue),
                        "description": "copies only; US-CCG (the default) is counted against the guidelines",
                    ]),
                    "copyrightNote": self.optionalText(500),
                    "lenders": self.optional(self.symbols).merging(
                        ["description": "libraries of the directory, other than the borrower, in the order to ask them"]
                    ) { $1 },
                    "neededBy": self.optional(self.date), "notes": self.optionalText(2000),
                    "openurl": self.optionalText(OpenURLNormalizer.maximumQueryBytes).merging(
                        ["description": "the OpenURL query the request comes from, kept as written"]) { $1 },
                    "borrower": self.optional(self.symbolAsTyped).merging(
                        ["description": "the team only: the borrowing library's symbol"]) { $1 },
                    "patron": [
                        "type": ["object", "null"], "additionalProperties": false,
                        "properties": [
                            "id": self.optionalText(100), "name": self.optionalText(200),
                            "email": ["anyOf": [self.email, ["type": "null"]]],
                        ],
                    ],
                ], required: ["title"], closed: true
            ).merging(
                [
                    "description":
                        "A copy (serviceType copy) needs articleTitle or pages; copyrightCompliance other needs "
                        + "copyrightNote."
                ]) { $1 },
            "NewClaim": self.object(
                [
                    "kind": ["type": "string", "enum": ["lost", "damaged", "missingInTransit"]],
                    "description": self.requiredText(1000),
                    "replacementAmount": [
                        "anyOf": [
                            ["type": "number", "minimum": 0, "maximum": 100_000],
                            [
                                "type": "string", "pattern": "^[0-9]{1,6}(\\.[0-9]{1,2})?$",
                                "description": "dollars, at most 100000",
                            ],
                        ]
                    ],
                ], required: ["kind", "description", "replacementAmount"]),
            "AvailabilityDeclarationEdit": self.object(
                [
                    "lending": ["type": "string", "enum": LendingStatus.allCases.map(\.rawValue)],
                    "reason": self.optionalText(500), "from": self.optionalDate, "until": self.optionalDate,
                ], required: ["lending"]
            ).merging(
                ["description": "Any lending but `all` needs a reason; `until` is not before `from`."]) { $1 },
            "ILSConnectionEdit": self.object(
                [
                    "protocol": ["enum": ["none", "ncip", NSNull()] as [Any]],
                    "endpoint": [
                        "type": ["string", "null"], "maxLength": 2048,
                        "pattern": "^([Hh][Tt][Tt][Pp][Ss]?://[^\\u0000-\\u0020]+)?$",
                    ],
                    "fromAgencyId": self.plainText(100), "toAgencyId": self.plainText(100),
                    "authentication": self.plainText(1024), "applicationProfileType": self.plainText(100),
                    "lendingPatronId": self.plainText(100),
                    "events": [
                        "type": ["object", "null"], "additionalProperties": false,
                        "properties": Dictionary(
                            uniqueKeysWithValues: NCIPService.allCases.map { ($0.eventName, ["type": "boolean"]) }),
                    ],
                ], closed: true),
            "CourierRouteEdit": self.object(
                [
                    "stops": [
                        "type": "array",
                        "items": self.object(
                            ["library": self.symbol, "deliveryDays": weekdays], required: ["library", "deliveryDays"]),
                        "description": "member libraries of the directory, each once",
                    ]
                ], required: ["stops"]),
            "CourierHolidayEdit": self.object(["name": self.requiredText(100)], required: ["name"]),
            "CourierDelayPost": self.object(
                [
                    "route": [
                        "type": "string", "pattern": CourierEditor.routePattern, "description": "a route with stops",
                    ],
                    "from": self.date, "until": self.date, "message": self.requiredText(500),
                ], required: ["route", "from", "until", "message"]),
            "SubscriptionRequest": self.object(["email": self.email], required: ["email"]),
            "NewAnnouncement": self.object(
                [
                    "title": self.requiredText(200), "body": self.requiredText(20_000),
                    "route": [
                        "type": ["string", "null"], "description": "a courier route with stops the post is about",
                    ],
                    "libraries": [
                        "type": ["array", "null"], "items": self.symbol, "description": "libraries of the directory",
                    ],
                    "delay": self.object(["from": self.date, "until": self.date], required: ["from", "until"])
                        .merging(["type": ["object", "null"]]) { $1 },
                ], required: ["title", "body"]),
            "NewSitePage": self.object(self.sitePage(keepsKind: false), required: ["kind", "title", "body"]),
            "SitePageEdit": self.object(self.sitePage(keepsKind: true), required: ["title", "body"])
                .merging(["description": "Without kind, the page keeps its own."]) { $1 },
            "ContactDirectory": self.object(
                [
                    "team": [
                        "type": ["object", "null"], "required": ["email", "phone"], "additionalProperties": false,
                        "properties": [
                            "email": self.email, "phone": self.requiredText(40), "phoneOption": self.optionalText(10),
                        ],
                    ],
                    "contacts": [
                        "type": "array",
                        "items": self.object(
                            [
                                "name": self.requiredText(100), "role": self.requiredText(100),
                                "extension": ["type": ["string", "null"], "pattern": "^[0-9]{0,10}$"],
                                "email": ["anyOf": [self.email, ["type": "null"], ["const": ""]]],
                            ], required: ["name", "role"]),
                    ],
                ], required: ["contacts"]),
            "LastResort": self.object(
                [
                    "lenders": [
                        "type": "array", "items": self.symbol, "uniqueItems": true,
                        "description": "libraries of the directory",
                    ]
                ],
                required: ["lenders"]),
        ]
    }
}
