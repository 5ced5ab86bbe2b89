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
                    route.path.first?.description == "api" || route.path.first?.description == "health"
                }
                let registered = Set(machineRoutes.map { route in
                    let path = route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                    return "\(route.method.rawValue) /\(path)"
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
