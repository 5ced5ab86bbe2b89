import InterloanCore
import NCIP

extension OpenAPIDocument {
    static func schemas() -> [String: Any] {
        self.outputSchemas().merging(self.inputSchemas()) { output, _ in output }
    }

    static func outputSchemas() -> [String: Any] {
        let text: [String: Any] = ["type": "string"]
        let nullableText: [String: Any] = ["type": ["string", "null"]]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let nullableDate: [String: Any] = ["type": ["string", "null"], "format": "date"]
        let timestamp: [String: Any] = ["type": "string", "format": "date-time"]
        return [
            "Error": [
                "type": "object", "required": ["error", "message"],
                "properties": [
                    "error": text, "message": text,
                    "fields": [
                        "type": "array",
                        "items": [
                            "type": "object", "properties": ["field": text, "message": text],
                        ],
                    ],
                    "allowedActions": ["type": "array", "items": text],
                ],
            ],
            "Consortium": [
                "type": "object",
                "properties": ["name": text, "symbol": text, "agencyIdType": text, "agencyIdValue": text],
            ],
            "Library": [
                "type": "object", "required": ["symbol", "name", "member"],
                "properties": [
                    "symbol": text, "name": text, "town": text, "member": ["type": "boolean"],
                    "region": ["type": ["object", "null"], "properties": ["code": text, "name": text]],
                    "contactEmail": text,
                    "lending": [
                        "type": "object",
                        "properties": [
                            "loanDays": ["type": "integer"], "renewalsAllowed": ["type": "boolean"],
                            "maxRenewals": ["type": "integer"], "responseDays": ["type": "integer"],
                        ],
                    ],
                    "availability": self.ref("AvailabilityDeclaration"),
                    "courierRoute": nullableText, "deliveryDays": ["type": "array", "items": text],
                ],
            ],
            "AvailabilityDeclaration": [
                "type": "object", "required": ["lending"],
                "properties": [
                    "lending": ["type": "string", "enum": LendingStatus.allCases.map(\.rawValue)],
                    "reason": nullableText, "from": nullableDate, "until": nullableDate,
                    "declaredAt": ["type": "string", "format": "date-time"], "declaredBy": text,
                ],
            ],
            "Availability": [
                "type": "object", "required": ["symbol", "today", "current", "history"],
                "properties": [
                    "symbol": text, "today": date, "current": self.ref("AvailabilityDeclaration"),
                    "history": [
                        "type": "array", "items": self.ref("AvailabilityDeclaration"),
                        "description": "every declaration, newest first",
                    ],
                ],
            ],
            "ILSConnection": [
                "type": "object", "required": ["library", "protocol", "events", "hasAuthentication"],
                "properties": [
                    "library": text, "protocol": ["type": "string", "enum": ["none", "ncip"]], "endpoint": text,
                    "fromAgencyId": text, "toAgencyId": text, "applicationProfileType": text, "lendingPatronId": text,
                    "events": [
                        "type": "object", "required": NCIPService.allCases.map(\.eventName),
                        "properties": Dictionary(
                            uniqueKeysWithValues: NCIPService.allCases.map { ($0.eventName, ["type": "boolean"]) }),
                    ],
                    "hasAuthentication": ["type": "boolean", "description": "whether a secret is stored"],
                    "updatedAt": ["type": "string", "format": "date-time"], "updatedBy": text,
                ],
            ],
            "Patron": [
                "type": "object", "required": ["id", "library", "barcode", "source", "notices", "createdAt"],
                "properties": [
                    "id": ["type": "integer"], "library": text, "barcode": text, "name": text, "email": text,
                    "source": ["type": "string", "enum": PatronRecord.Source.allCases.map(\.rawValue)],
                    "notices": ["type": "string", "enum": ["all", "decisions"]], "createdAt": timestamp,
                ],
            ],
            "OpenURLCitation": [
                "type": "object", "required": ["version", "serviceType", "problems"],
                "properties": [
                    "version": ["type": "string", "enum": ["0.1", "1.0"]],
                    "serviceType": ["type": "string", "enum": ["loan", "copy"]],
                    "genre": ["type": "string", "enum": OpenURLNormalizer.genres.sorted()],
                    "problems": ["type": "array", "items": text],
                ].merging(
                    [
                        "title", "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume",
                        "issue", "pages", "startPage", "endPage", "year", "publisher", "place", "edition", "doi",
                        "pmid",
                        "referrer",
                    ].map { ($0, text) }
                ) { first, _ in first },
            ],
            "ILSCall": [
                "type": "object", "required": ["id", "library", "service", "state", "attempts", "createdAt"],
                "properties": [
                    "id": ["type": "integer"], "library": text,
                    "service": ["type": "string", "enum": NCIPService.allCases.map(\.rawValue)],
                    "state": ["type": "string", "enum": ["pending", "done", "problem", "skipped"]],
                    "attempts": ["type": "integer"], "createdAt": text, "nextAttemptAt": text, "finishedAt": text,
                    "problem": text, "sent": text, "received": text,
                ],
            ],
            "Report": [
                "type": "object", "required": ["report", "from", "to", "closedMonths", "columns", "rows"],
                "properties": [
                    "report": text, "from": ["type": "string", "format": "date"],
                    "closedMonths": ["type": "array", "items": text],
                    "to": ["type": "string", "format": "date"], "library": ["type": ["string", "null"]],
                    "region": ["type": ["string", "null"]], "serviceType": ["type": ["string", "null"]],
                    "columns": ["type": "array", "items": text],
                    "rows": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "additionalProperties": ["type": ["string", "number", "null"]],
                        ],
                    ],
                ],
            ],
            "CopyrightReport": [
                "type": "object", "required": ["library", "year", "rules", "copiesPerTitle", "titles", "feeCents"],
                "properties": [
                    "library": text, "year": ["type": "integer"],
                    "rules": ["type": "string", "enum": ["us-contu", "none"]],
                    "copiesPerTitle": ["type": "integer"], "feeCents": ["type": "integer", "minimum": 0],
                    "titles": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "required": [
                                "title", "issns", "counted", "atLimit", "inReview", "feesPaid", "withdrawn",
                                "notCounted", "feeCents",
                            ],
                            "properties": [
                                "title": text, "issns": ["type": "array", "items": text],
                                "counted": ["type": "integer"], "atLimit": ["type": "boolean"],
                                "inReview": ["type": "integer"], "feesPaid": ["type": "integer"],
                                "withdrawn": ["type": "integer"], "notCounted": ["type": "integer"],
                                "feeCents": ["type": "integer"],
                            ],
                        ],
                    ],
                ],
            ],
            "Document": [
                "type": "object", "required": ["id", "mediaType", "byteCount", "state", "createdAt", "links"],
                "properties": [
                    "id": ["type": "integer"],
                    "mediaType": ["type": "string", "enum": DocumentType.allCases.map(\.rawValue)],
                    "byteCount": ["type": "integer", "minimum": 0], "sha256": text,
                    "state": ["type": "string", "enum": DocumentRecord.State.allCases.map(\.rawValue)],
                    "createdAt": text, "purgedAt": text,
                    "links": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["recipient", "views", "maxViews", "expiresAt"],
                            "properties": [
                                "recipient": [
                                    "type": "string", "enum": DocumentLinkRecord.Recipient.allCases.map(\.rawValue),
                                ],
                                "url": ["type": "string", "description": "the borrowing library and the team only"],
                                "views": ["type": "integer"], "maxViews": ["type": "integer"], "expiresAt": text,
                                "firstViewedAt": text,
                            ],
                        ],
                    ],
                ],
            ],
            "Candidate": [
                "type": "object", "required": ["symbol", "score", "reasons", "lastResort"],
                "properties": [
                    "symbol": text, "score": ["type": "number", "minimum": 0, "maximum": 100],
                    "reasons": ["type": "array", "items": text], "lastResort": ["type": "boolean"],
                ],
            ],
            "CourierSchedule": [
                "type": "object", "required": ["routes", "unserved", "holidays", "delays"],
                "properties": [
                    "routes": ["type": "array", "items": self.ref("CourierRoute")],
                    "unserved": ["type": "array", "items": text],
                    "holidays": ["type": "array", "items": self.ref("CourierHoliday")],
                    "delays": ["type": "array", "items": self.ref("CourierDelay")],
                ],
            ],
            "CourierRoute": [
                "type": "object", "required": ["code", "stops"],
                "properties": [
                    "code": text,
                    "stops": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["symbol", "name", "deliveryDays"],
                            "properties": [
                                "symbol": text, "name": text, "deliveryDays": ["type": "array", "items": text],
                            ],
                        ],
                    ],
                ],
            ],
            "CourierHoliday": [
                "type": "object", "required": ["date", "name"], "properties": ["date": date, "name": text],
            ],
            "CourierDelay": [
                "type": "object", "required": ["id", "route", "from", "until", "message", "postedBy", "postedAt"],
                "properties": [
                    "id": ["type": "integer"], "route": text, "from": date, "until": date, "message": text,
                    "postedBy": text, "postedAt": text,
                ],
            ],
            "Claim": [
                "type": "object",
                "required": [
                    "id", "kind", "label", "lender", "reportedBy", "reportedByLibrary", "description",
                    "replacementAmount", "carrier", "shippedOn", "createdAt",
                ],
                "properties": [
                    "id": ["type": "integer"],
                    "kind": ["type": "string", "enum": ["lost", "damaged", "missingInTransit"]],
                    "label": text, "lender": text, "reportedBy": text, "reportedByLibrary": text, "description": text,
                    "replacementAmount": ["type": "number"], "courierCovers": ["type": ["number", "null"]],
                    "carrier": text, "shippedOn": date, "windowOpens": nullableDate, "windowCloses": nullableDate,
                    "createdAt": text,
                ],
            ],
            "AnnouncementList": [
                "type": "object", "required": ["slug", "name", "description", "regions", "archive", "feed"],
                "properties": [
                    "slug": text, "name": text, "description": text, "regions": ["type": "array", "items": text],
                    "archive": text, "feed": text,
                ],
            ],
            "Announcement": [
                "type": "object",
                "required": ["id", "title", "body", "html", "libraries", "postedAt", "postedBy", "permalink"],
                "properties": [
                    "id": ["type": "integer"], "title": text, "body": ["type": "string", "description": "Markdown"],
                    "html": ["type": "string", "description": "the body rendered safely"], "route": nullableText,
                    "libraries": ["type": "array", "items": text], "postedAt": text, "postedBy": text,
                    "permalink": text,
                ],
            ],
            "AnnouncementPage": [
                "type": "object", "required": ["items", "page", "total"],
                "properties": [
                    "items": ["type": "array", "items": self.ref("Announcement")], "page": ["type": "integer"],
                    "total": ["type": "integer"],
                ],
            ],
            "Posted": [
                "type": "object", "required": ["announcement", "queued"],
                "properties": ["announcement": self.ref("Announcement"), "queued": ["type": "integer"]],
            ],
            "Subscription": [
                "type": "object", "required": ["id", "email", "state", "requestedAt"],
                "properties": [
                    "id": ["type": "integer"], "email": text,
                    "state": ["type": "string", "enum": ["pending", "confirmed", "unsubscribed"]], "requestedAt": text,
                    "confirmedAt": nullableText,
                ],
            ],
            "SitePage": [
                "type": "object", "required": ["id", "kind", "title", "body", "html", "position", "updatedOn"],
                "properties": [
                    "id": ["type": "integer"], "kind": ["type": "string", "enum": ["news", "faq"]], "title": text,
                    "body": text, "html": text, "position": ["type": "integer"], "updatedOn": date,
                ],
            ],
            "Mail": [
                "type": "object",
                "required": ["id", "kind", "label", "to", "subject", "state", "attempts", "createdAt"],
                "properties": [
                    "id": ["type": "integer"],
                    "kind": [
                        "type": "string",
                        "enum": NoticeKind.allCases.map(\.rawValue) + PatronNoticeKind.allCases.map(\.mailKind)
                            + [OutsideReferrals.confirmationKind, OutsideReferrals.followLinkKind],
                    ],
                    "label": text, "request": ["type": ["string", "null"]], "library": ["type": ["string", "null"]],
                    "to": text, "subject": text,
                    "state": ["type": "string", "enum": ["pending", "retrying", "sent", "failed"]],
                    "attempts": ["type": "integer"], "lastError": ["type": ["string", "null"]], "createdAt": text,
                    "sentAt": ["type": ["string", "null"]], "nextAttemptAt": ["type": ["string", "null"]],
                ],
            ],
            "Request": [
                "type": "object",
                "required": [
                    "id", "status", "serviceType", "version", "borrower", "currentLender", "title", "author", "isbn",
                    "issn", "oclcNumber", "journalTitle", "articleTitle", "volume", "issue", "pages", "neededBy",
                    "notes", "externalRequestId", "dueDate", "expectedArrival", "createdAt", "updatedAt",
                    "allowedActions", "lenders", "shipments", "renewals",
                ],
                "properties": [
                    "id": text, "status": ["type": "string", "enum": RequestStatus.allCases.map(\.rawValue)],
                    "serviceType": ["type": "string", "enum": ServiceType.allCases.map(\.rawValue)],
                    "version": ["type": "integer"], "borrower": text, "currentLender": nullableText, "title": text,
                    "author": nullableText, "isbn": nullableText, "issn": nullableText, "oclcNumber": nullableText,
                    "journalTitle": nullableText, "articleTitle": nullableText, "volume": nullableText,
                    "issue": nullableText, "pages": nullableText, "neededBy": nullableDate, "notes": nullableText,
                    "externalRequestId": nullableText, "dueDate": nullableDate, "createdAt": timestamp,
                    "copyrightCompliance": [
                        "type": "string", "enum": CopyrightCompliance.allCases.map(\.rawValue),
                        "description": "a copy's terms under copyright",
                    ],
                    "copyrightNote": text, "publicationDate": text, "eissn": text,
                    "updatedAt": timestamp,
                    "openurl": [
                        "type": "string",
                        "description": "borrowing library and team only: the OpenURL query it was placed from",
                    ],
                    "patron": [
                        "type": "object", "description": "borrowing library and team only; each part only when known",
                        "properties": ["id": text, "name": text, "email": text],
                    ],
                    "lenders": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["symbol", "outcome"],
                            "properties": [
                                "symbol": text,
                                "outcome": ["type": "string", "enum": LenderAttempt.Outcome.allCases.map(\.rawValue)],
                                "reason": text, "note": text, "askedAt": timestamp, "answeredAt": timestamp,
                            ],
                        ],
                    ],
                    "shipments": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["direction", "carrier", "shippedOn", "from", "to"],
                            "properties": [
                                "direction": text, "carrier": text, "trackingNumber": text, "shippedOn": date,
                                "from": text, "to": text, "expectedArrival": date,
                            ],
                        ],
                    ],
                    "expectedArrival": [
                        "type": ["string", "null"], "format": "date",
                        "description":
                            "when the item on its way now should arrive (courier days, holidays, carrier transit)",
                    ],
                    "renewals": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["requestedOn", "desiredDueDate", "status"],
                            "properties": [
                                "requestedOn": date, "desiredDueDate": date,
                                "status": ["type": "string", "enum": Renewal.Status.allCases.map(\.rawValue)],
                                "answeredOn": date, "newDueDate": date, "note": text,
                            ],
                        ],
                    ],
                    "allowedActions": [
                        "type": "array",
                        "items": [
                            "type": "string", "enum": Action.allCases.map(\.rawValue),
                        ],
                    ],
                ],
            ],
            "RequestPage": [
                "type": "object",
                "properties": [
                    "items": ["type": "array", "items": self.ref("Request")],
                    "page": ["type": "integer"], "per": ["type": "integer"], "total": ["type": "integer"],
                ],
            ],
            "Event": [
                "type": "object",
                "properties": [
                    "at": text, "actor": text, "library": text, "action": text, "from": nullableText, "to": text,
                    "details": ["type": "object", "additionalProperties": text],
                ],
            ],
            "HoldingsReport": [
                "type": "object",
                "properties": [
                    "recordsRead": ["type": "integer"], "holdingsStored": ["type": "integer"],
                    "holdingsInAll": ["type": "integer"],
                    "skipped": [
                        "type": "array",
                        "items": ["type": "object", "properties": ["position": text, "reason": text]],
                    ],
                ],
            ],
            "Holders": [
                "type": "object",
                "properties": [
                    "matchKey": text,
                    "holders": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": [
                                "symbol": text, "name": text, "title": nullableText, "author": nullableText,
                                "callNumber": nullableText, "lendable": ["type": "boolean"],
                                "records": ["type": "integer"],
                            ],
                        ],
                    ],
                ],
            ],
            "PartnerMessage": [
                "type": "object",
                "description": "An ISO 18626 message sent to a partner about the request, and its delivery",
                "properties": [
                    "summary": text, "kind": text, "partner": text,
                    "state": ["type": "string", "enum": ["pending", "retrying", "confirmed", "rejected"]],
                    "attempts": ["type": "integer"], "lastError": nullableText, "createdAt": text,
                    "confirmedAt": nullableText, "nextAttemptAt": nullableText,
                ],
            ],
        ]
    }
}
