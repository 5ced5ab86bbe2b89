import Foundation
import InterloanCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The published descriptions stay true to the code.
    @Suite struct ContractTests {
        @Test func theOpenAPIDocumentDescribesExactlyTheRoutes() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.GET, "/api/v1/openapi.json")
                #expect(status == .ok)
                let document = try #require(body as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var documented = Set<String>()
                for (path, operations) in paths {
                    for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
                }
                // The web pages are for people; the document covers the JSON API and the health check.
                let machineRoutes = context.app.routes.all.filter { route in
                    ["api", "health", "ready"].contains(route.path.first?.description ?? "")
                }
                let registered = Set(
                    machineRoutes.flatMap { route in
                        let path = route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                        // One route serves every action; the document describes each action as an operation of its own.
                        guard path.hasSuffix("/actions/{action}") else { return ["\(route.method.rawValue) /\(path)"] }
                        return Action.allCases.map { action in
                            "\(route.method.rawValue) /\(path.replacingOccurrences(of: "{action}", with: action.rawValue))"
                        }
                    })
                #expect(documented == registered)
            }
        }
    }
}

struct GeneratedDocsTests {
    @Test func lifecycleMarkdownIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/lifecycle.md"), encoding: .utf8)
        #expect(committed == LifecycleDiagram.markdown(), "run: swift run interloan docs lifecycle")
    }
}

extension DatabaseTests.ContractTests {
    /// Each action is an operation of its own whose body is the action's declared fields, nothing else.
    @Test func everyActionIsDocumentedWithItsOwnFields() async throws {
        try await withTestApp { context in
            let (_, body) = try await context.call(.GET, "/api/v1/openapi.json")
            let paths = try #require((body as? [String: Any])?["paths"] as? [String: [String: Any]])
            for action in Action.allCases {
                let operation = try #require(
                    paths["/api/v1/requests/{id}/actions/\(action.rawValue)"]?["post"] as? [String: Any])
                let requestBody = try #require(operation["requestBody"] as? [String: Any])
                let schema = try #require(
                    ((requestBody["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                        as? [String: Any])
                #expect(schema["additionalProperties"] as? Bool == false, "\(action)")
                let properties = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
                #expect(properties == Set(action.fields.map(\.name)), "\(action)")
                let required = Set(schema["required"] as? [String] ?? [])
                #expect(required == Set(action.fields.filter(\.isRequired).map(\.name)), "\(action)")
                #expect(requestBody["required"] as? Bool == !required.isEmpty, "\(action)")
                let responses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                #expect(responses == ["200", "400", "401", "403", "404", "409", "413", "415", "422"], "\(action)")
            }
            let team = try #require(paths["/api/v1/pages"]?["post"] as? [String: Any])
            #expect(team["x-roles"] as? [String] == ["team", "admin"])
            #expect(Set((team["responses"] as? [String: Any] ?? [:]).keys).isSuperset(of: ["401", "403"]))
            let open = try #require(paths["/api/v1/lists"]?["get"] as? [String: Any])
            #expect(open["x-roles"] as? [String] == ["anyone"])
            #expect(Set((open["responses"] as? [String: Any] ?? [:]).keys) == ["200"])
        }
    }
}

extension DatabaseTests.BadInputTests {
    /// What the document says a field is, the server holds it to: a wrong type is refused, not ignored.
    @Test func fieldsOfTheWrongShapeAreRefusedRatherThanIgnored() async throws {
        try await withTestApp { context in
            try await DatabaseTests.ListsTests.makeList(context)
            let (listed, listedBody) = try await context.call(.GET, "/api/v1/requests?status=,", as: "BOR")
            #expect(listed == .unprocessableEntity)
            #expect(Set(Self.fieldNames(listedBody)) == ["status"])
            for (body, contentType) in [
                ("", "text/csv"), ("null", "text/csv"), ("<not xml", "application/marcxml+xml"),
            ] {
                let (status, refusal) = try await context.call(
                    .POST, "/api/v1/libraries/BOR/holdings?replace=true", as: "BOR", json: body,
                    headers: [("Content-Type", contentType)])
                #expect(status == .unprocessableEntity, "\(body)")
                #expect(Self.fieldNames(refusal) == ["body"], "\(body)")
            }
            let (maybe, maybeBody) = try await context.call(
                .POST, "/api/v1/libraries/BOR/holdings?replace=maybe", as: "BOR",
                json: "title,author,isbn,issn,oclc,call_number,lendable\n",
                headers: [("Content-Type", "text/csv")])
            #expect(maybe == .unprocessableEntity)
            #expect(Self.fieldNames(maybeBody) == ["replace"])
            for (json, field) in [
                (#"{"title": "t", "body": "b", "libraries": {}}"#, "libraries"),
                (#"{"title": "t", "body": "b", "route": 5}"#, "route"),
                (#"{"title": "t", "body": "b", "delay": [null]}"#, "delay"),
            ] {
                let (status, body) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM", json: json)
                #expect(status == .unprocessableEntity, "\(json)")
                #expect(Self.fieldNames(body) == [field], "\(json)")
            }
            let (created, page) = try await context.call(
                .POST, "/api/v1/pages", as: "TEAM", json: #"{"kind": "news", "title": "t", "body": "b"}"#)
            #expect(created == .created)
            let id = try #require((page as? [String: Any])?["id"] as? Int)
            let (kept, keptBody) = try await context.call(
                .PUT, "/api/v1/pages/\(id)", as: "TEAM",
                json: #"{"kind": null, "title": "t2", "body": "b", "position": "+12"}"#)
            #expect(kept == .ok)
            #expect((keptBody as? [String: Any])?["kind"] as? String == "news")
            #expect((keptBody as? [String: Any])?["position"] as? Int == 12)
            for json in [
                #"{"kind": {}, "title": "t", "body": "b"}"#, #"{"title": "t", "body": "b", "position": "1234567"}"#,
            ] {
                let (status, _) = try await context.call(.PUT, "/api/v1/pages/\(id)", as: "TEAM", json: json)
                #expect(status == .unprocessableEntity, "\(json)")
            }
        }
    }

    @Test func dollarAmountsAreReadAsTheDocumentWritesThem() {
        #expect(DollarAmount.cents("12") == 1200)
        #expect(DollarAmount.cents("12.5") == 1250)
        #expect(DollarAmount.cents("0.05") == 5)
        #expect(DollarAmount.cents("100000") == 10_000_000)
        for refused in ["100000.01", "1e3", "inf", "nan", "-1", "12.", ".5", "12.345", " 12", "1234567", ""] {
            #expect(DollarAmount.cents(refused) == nil, "\(refused)")
        }
    }

    @Test func theTeamListsTheWholeConsortiumsLendingWithoutNamingALibrary() async throws {
        try await withTestApp { context in
            let asked = try await context.place()
            _ = try await context.place(#"{"title": "Nobody asked yet"}"#)
            let (status, body) = try await context.call(.GET, "/api/v1/requests?side=lending", as: "TEAM")
            #expect(status == .ok)
            let ids = ((body as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == [asked])
            let (_, all) = try await context.call(.GET, "/api/v1/requests?side=borrowing", as: "TEAM")
            #expect((all as? [String: Any])?["total"] as? Int == 2)
        }
    }
}
