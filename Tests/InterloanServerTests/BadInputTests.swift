import Fluent
import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Wrong input is answered with a status and a message that names the problem, and changes nothing.
    @Suite struct BadInputTests {
        func requestCount(_ context: TestContext) async throws -> Int {
            try await context.app.storedRequests().count
        }

        @Test func aBodyOfAnotherMediaTypeIsA415AndJSONIsReadInAnySpelling() async throws {
            try await withTestApp { context in
                let before = try await self.requestCount(context)
                for wrong in ["text/plain", "application/jsonx", "application/json-patch+json", "multipart/form-data"] {
                    let (status, body) = try await context.call(
                        .POST, "/api/v1/requests", as: "BOR", json: #"{"title": "Dune"}"#,
                        headers: [("Content-Type", wrong)])
                    #expect(status == .unsupportedMediaType, "\(wrong)")
                    #expect((body as? [String: Any])?["message"] as? String == "send the body as application/json")
                }
                #expect(try await self.requestCount(context) == before)
                for spelling in [
                    "Application/JSON", " application/json ; charset=utf-8", "application/json;charset=UTF-8",
                ] {
                    let (status, _) = try await context.call(
                        .POST, "/api/v1/requests", as: "BOR", json: #"{"title": "Dune"}"#,
                        headers: [("Content-Type", spelling)])
                    #expect(status == .created, "\(spelling)")
                }
                #expect(try await self.requestCount(context) == before + 3)
            }
        }

        @Test func malformedJSONIsA400() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.POST, "/api/v1/requests", as: "BOR", json: #"{"title": "#)
                #expect(status == .badRequest)
                #expect((body as? [String: Any])?["message"] as? String == "the body is not valid JSON")
                let (arrayStatus, _) = try await context.call(.POST, "/api/v1/requests", as: "BOR", json: "[1]")
                #expect(arrayStatus == .badRequest)
                #expect(try await self.requestCount(context) == 0)
            }
        }

        @Test func everyInvalidFieldIsNamedAtOnce() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests", as: "BOR",
                    json:
                        #"{"isbn": "12", "neededBy": "tomorrow", "serviceType": "scan", "lenders": ["BOR", "NOPE"], "colour": 1, "patron": {"email": "x"}}"#
                )
                #expect(status == .unprocessableEntity)
                let fields = ((body as? [String: Any])?["fields"] as? [[String: String]])?.compactMap { $0["field"] }
                #expect(
                    Set(fields ?? []) == [
                        "colour", "title", "serviceType", "isbn", "neededBy", "patron.email", "lenders",
                    ])
                #expect(fields?.filter { $0 == "lenders" }.count == 2)
                #expect(try await self.requestCount(context) == 0)
            }
        }

        @Test func actionFieldsAreCheckedAndNothingChanges() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                let refusal = try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "pigeon", "dueDate": "2026-02-30"}"#,
                    expect: .unprocessableEntity)
                let fields = (refusal["fields"] as? [[String: String]])?.compactMap { $0["field"] }
                #expect(fields == ["carrier", "dueDate"])
                let noDueDate = try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "usps"}"#, expect: .unprocessableEntity)
                #expect(
                    (noDueDate["fields"] as? [[String: String]])?.first?["message"]
                        == "a loan is shipped with a due date, or with an item barcode when the lender's ILS gives the due date"
                )
                let (_, current) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "LEN")
                #expect((current as? [String: Any])?["status"] as? String == "willSupply")
                #expect((current as? [String: Any])?["version"] as? Int == 2)
            }
        }

        @Test func unknownRequestsAndActionsAre404() async throws {
            try await withTestApp { context in
                #expect(try await context.call(.GET, "/api/v1/requests/IL-ZZZZZZ", as: "BOR").status == .notFound)
                #expect(try await context.call(.GET, "/api/v1/requests/not-an-id", as: "BOR").status == .notFound)
                let id = try await context.place()
                let (status, body) = try await context.call(
                    .POST, "/api/v1/requests/\(id)/actions/teleport", as: "BOR", json: "{}")
                #expect(status == .notFound)
                #expect(((body as? [String: Any])?["message"] as? String)?.hasPrefix("no action 'teleport'") == true)
                #expect(try await context.call(.GET, "/api/v1/libraries/NOPE").status == .notFound)
            }
        }

        @Test func missingOrWrongTokensAre401() async throws {
            try await withTestApp { context in
                #expect(try await context.call(.GET, "/api/v1/requests").status == .unauthorized)
                let (status, _) = try await context.call(
                    .GET, "/api/v1/requests", headers: [("Authorization", "Bearer il_not-a-token")])
                #expect(status == .unauthorized)
                let revoked = try await APITokenModel.query(on: context.app.db).filter(\.$label == "OTH desk").first()!
                revoked.revokedAt = testNow
                try await revoked.save(on: context.app.db)
                #expect(try await context.call(.GET, "/api/v1/requests", as: "OTH").status == .unauthorized)
            }
        }

        @Test func oversizedBodiesAreRefused() async throws {
            try await withTestApp { context in
                let huge = #"{"title": ""# + String(repeating: "x", count: 300_000) + #""}"#
                let (status, _) = try await context.call(.POST, "/api/v1/requests", as: "BOR", json: huge)
                #expect(status == .payloadTooLarge)
                #expect(try await self.requestCount(context) == 0)
            }
        }

        @Test func badListParametersAreNamed() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(
                    .GET, "/api/v1/requests?side=sideways&status=lost,gone&per=0", as: "BOR")
                #expect(status == .unprocessableEntity)
                let fields = ((body as? [String: Any])?["fields"] as? [[String: String]])?.compactMap { $0["field"] }
                #expect(fields == ["side", "status", "per"])
            }
        }

        @Test func aStaleVersionLosesWithA409AndNothingHalfWritten() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                let store = RequestStore(database: context.app.db, directory: context.app.libraryDirectory)
                let row = try #require(RequestNumber.decode(id))
                let stale = try #require(try await store.find(row))
                let actor = ActingParty(userID: nil, name: "LEN desk", librarySymbol: "LEN", isTeam: false)
                let first = try Lifecycle.perform(
                    .willSupply, arguments: Arguments(), on: stale.state, by: actor, at: testNow)
                _ = try await store.save(first, over: stale, by: actor, at: testNow, using: context.app.writes)
                await #expect(throws: APIError.self) {
                    _ = try await store.save(first, over: stale, by: actor, at: testNow, using: context.app.writes)
                }
                let events = try await context.app.db.asSQL.select()
                    .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from(EventRecord.table)
                    .first()?.decode(column: "count", as: Int.self)
                #expect(events == 2)
            }
        }

        @Test func concurrentActionsOnOneRequestNeverBothWin() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                // The same answer twice at once: whichever order the server sees them in, the second must lose
                // (by the version check when they overlap, by the table when they do not).
                async let first = context.call(
                    .POST, "/api/v1/requests/\(id)/actions/willSupply", as: "LEN", json: "{}")
                async let second = context.call(
                    .POST, "/api/v1/requests/\(id)/actions/willSupply", as: "LEN", json: "{}")
                let statuses = [try await first.status, try await second.status]
                #expect(statuses.filter { $0 == .ok }.count == 1)
                #expect(statuses.filter { $0 == .conflict }.count == 1)
                let (_, history) = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                #expect((history as? [Any])?.count == 2)
            }
        }
    }
}

extension DatabaseTests.BadInputTests {
    /// Every endpoint that takes a JSON body reads it with the one strict reader: bytes that are not UTF-8 are a 400
    /// wherever they stand, in a known field or one the endpoint ignores.
    @Test func invalidUTF8IsA400OnEveryJSONEndpointEvenInAnUnknownField() async throws {
        try await withTestApp { context in
            try await DatabaseTests.ListsTests.makeList(context)
            let admin = try await issueToken(context.app, role: .admin, libraryID: nil, label: "Admin desk")
            let id = try await context.place()
            let endpoints: [(HTTPMethod, String, String)] = [
                (.POST, "/api/v1/requests", "BOR"),
                (.POST, "/api/v1/requests/\(id)/actions/cancel", "BOR"),
                (.POST, "/api/v1/requests/\(id)/claims", "BOR"),
                (.PUT, "/api/v1/libraries/BOR/availability", "BOR"),
                (.PUT, "/api/v1/routing/last-resort", "TEAM"),
                (.PUT, "/api/v1/courier/routes/WEST%201", "TEAM"),
                (.PUT, "/api/v1/courier/holidays/2026-12-25", "TEAM"),
                (.POST, "/api/v1/courier/delays", "TEAM"),
                (.POST, "/api/v1/pages", "TEAM"),
                (.PUT, "/api/v1/contacts", "ADMIN"),
                (.POST, "/api/v1/lists/ill-announce/subscriptions", "BOR"),
                (.POST, "/api/v1/lists/ill-announce/announcements", "TEAM"),
            ]
            let invalid: [UInt8] = Array(#"{"lenders": [], "colour": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
            for (method, path, party) in endpoints {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(
                    token: party == "ADMIN" ? admin : context.token(party))
                headers.contentType = .json
                try await context.app.testing().test(method, path, headers: headers, body: ByteBuffer(bytes: invalid)) {
                    response in
                    APIContract.check(method, path, status: response.status, body: Data(buffer: response.body))
                    #expect(response.status == .badRequest, "\(method) \(path)")
                    #expect(
                        response.body.string.contains("not valid JSON"), "\(method) \(path): \(response.body.string)")
                }
            }
            let (_, current) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            #expect((current as? [String: Any])?["version"] as? Int == 1)
        }
    }
}

extension DatabaseTests.BadInputTests {
    /// Every email field of the API is held to one rule, and a refusal names the field.
    @Test func emailFieldsRefuseQuotesAndAngleBracketsNamingTheField() async throws {
        try await withTestApp { context in
            try await DatabaseTests.ListsTests.makeList(context)
            let admin = try await issueToken(context.app, role: .admin, libraryID: nil, label: "Admin desk")
            for address in [#"a"b@example.org"#, "<a@example.org>", "a@example.org>", "a b@example.org"] {
                let quoted = address.replacingOccurrences(of: "\"", with: "\\\"")
                let (placed, placedBody) = try await context.call(
                    .POST, "/api/v1/requests", as: "BOR",
                    json: #"{"title": "Dune", "lenders": ["LEN"], "patron": {"id": "P1", "email": "\#(quoted)"}}"#)
                #expect(placed == .unprocessableEntity, "\(address)")
                #expect(Self.fieldNames(placedBody) == ["patron.email"], "\(address)")
                let (subscribed, subscribedBody) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/subscriptions", as: "BOR", json: #"{"email": "\#(quoted)"}"#)
                #expect(subscribed == .unprocessableEntity, "\(address)")
                #expect(Self.fieldNames(subscribedBody) == ["email"], "\(address)")
                var headers = [("Authorization", "Bearer \(admin)")]
                headers.append(("Content-Type", "application/json"))
                let (contacts, contactsBody) = try await context.call(
                    .PUT, "/api/v1/contacts",
                    json:
                        #"{"team": {"email": "\#(quoted)", "phone": "555-0100"}, "contacts": [{"name": "A", "role": "B", "email": "\#(quoted)"}]}"#,
                    headers: headers)
                #expect(contacts == .unprocessableEntity, "\(address)")
                #expect(Self.fieldNames(contactsBody) == ["team.email", "contacts[0].email"], "\(address)")
            }
            #expect(try await self.requestCount(context) == 0)
        }
    }

    static func fieldNames(_ body: Any?) -> [String] {
        ((body as? [String: Any])?["fields"] as? [[String: String]])?.compactMap { $0["field"] } ?? []
    }
}

extension DatabaseTests.BadInputTests {
    @Test func routeCodesAreReadExactlyAsTheDocumentStatesThem() throws {
        let pattern = try Regex(CourierEditor.routePattern)
        for (text, code) in [("WEST 2", "WEST 2"), (" west-2 ", "WEST-2"), ("A", "A")] as [(String, String?)] {
            #expect(CourierEditor.routeCode(text) == code, "\(text)")
            #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
        }
        for text in ["", "   ", "Ï", "WEST\t2", "\tWEST", "WEST_2", String(repeating: "A", count: 41)] {
            #expect(CourierEditor.routeCode(text) == nil, "\(text)")
            #expect(text.wholeMatch(of: pattern) == nil, "\(text)")
        }
    }
}
