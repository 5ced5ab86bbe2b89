import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

/// Paths come from `SiteURL` and `APIURL` alone: every route is one of their cases, templates write no path of
/// their own, and every link and form on every page a person can reach leads to a registered route.
@Suite struct SiteURLTests {
    static let viewsFolder = BinaryRunner.packageRoot.appendingPathComponent("Resources/Views")

    @Test func pathsFillEachParameterAsOneEncodedSegment() {
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.request(.key).pattern == "/requests/:id")
        #expect(SiteURL.requestAction(.value("BOR-7"), action: .value("ship")).path == "/requests/BOR-7/actions/ship")
        #expect(SiteURL.library(.value("A/B?c#d")).path == "/libraries/A%2FB%3Fc%23d")
        #expect(SiteURL.settings.path(fragment: "holdings") == "/settings#holdings")
        #expect(Set(SiteURL.all.map(\.name)).count == SiteURL.all.count, "each case listed once")
    }

    @Test func templatesWriteNoPathOfTheirOwnAndNameOnlyKnownRoutes() throws {
        let routes = Dictionary(uniqueKeysWithValues: SiteURL.all.map { ($0.name, $0) })
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.viewsFolder.path)
            .filter { $0.hasSuffix(".leaf") }
        #expect(files.count > 20)
        let literal = try Regex(#"(href|action)="/(?!css/|js/)"#)
        let tag = try Regex(#"#path\("(\w+)"((?:, [^,)]+)*)\)"#)
        var uses = 0
        for file in files {
            let text = try String(contentsOf: Self.viewsFolder.appendingPathComponent(file), encoding: .utf8)
            let own = text.matches(of: literal).count
            #expect(own == 0, "\(file) writes \(own) paths of its own instead of #path")
            for match in text.matches(of: tag) {
                uses += 1
                let name = String(match.output[1].substring ?? "")
                let values = (match.output[2].substring ?? "").split(separator: ",").count
                let route = try #require(routes[name], "\(file) names no route: \(name)")
                let expected = route.segments.count { if case .parameter = $0 { true } else { false } }
                #expect(values == expected, "\(file): #path(\"\(name)\") with \(values) values")
            }
        }
        #expect(uses > 60)
    }

    @Test func everyRouteIsASiteOrAPIURLAndEveryOneIsRouted() async throws {
        try await withTestApp { context in
            let registered = Set(
                context.app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }
                    .filter { path in !["/css/", "/js/"].contains { path.hasPrefix($0) } })
            let pages = Set(SiteURL.all.map(\.pattern))
            let api = Set(APIURL.all.map(\.pattern))
            #expect(pages.isDisjoint(with: api))
            #expect(api.count == APIURL.all.count, "each API path listed once")
            #expect(registered == pages.union(api))
        }
    }

    @Test func everyLinkAndFormOnEveryReachablePageLeadsToARoute() async throws {
        try await withTestApp { context in
            let id = try await context.place()
            try await context.act(id, "willSupply", as: "LEN")
            try await context.act(
                id, "ship", as: "LEN", #"{"carrier": "courier", "trackingNumber": "BIN 7", "dueDate": "2026-12-28"}"#)
            try await DatabaseTests.ListsTests.makeList(context)
            try await DatabaseTests.ListsTests.subscribeAndConfirm(context, "reader@patrons.example.org")

            var crawled: [String: Int] = [:]
            for person in ["team@test.example.org", "staff@bor.example.org", "staff@len.example.org", nil] {
                var browser = WebClient(context)
                if let person { try await browser.signIn(person) }
                crawled[person ?? "anonymous"] = try await Self.crawl(with: &browser, app: context.app)
            }
            #expect(crawled["team@test.example.org", default: 0] > 25)
            #expect(crawled["staff@bor.example.org", default: 0] > 15)
            #expect(crawled["anonymous", default: 0] > 3)
        }
    }

    /// Visits every page reachable from the home page, checking that each answers and that each of its links and
    /// forms matches a route for its method; returns the number of pages visited.
    static func crawl(with browser: inout WebClient, app: Application) async throws -> Int {
        var queue = ["/"]
        var seen: Set<String> = ["/"]
        while let page = queue.first, seen.count < 400 {
            queue.removeFirst()
            let response = try await browser.get(page)
            #expect(response.status == .ok, "\(page) answered \(response.status.code)")
            for (method, target) in Self.targets(in: response.html) {
                let path = String(target.prefix { $0 != "?" && $0 != "#" })
                #expect(Self.route(method, path, in: app), "\(page) leads to \(method) \(target), which is no route")
                if method == .GET, !path.hasSuffix("feed.atom"), seen.insert(target).inserted {
                    queue.append(target)
                }
            }
        }
        return seen.count
    }

    /// Every same-site link (GET) and form (its method) on a page.
    static func targets(in html: String) -> [(HTTPMethod, String)] {
        let links = html.matches(of: #/<a [^>]*href="(/[^"]*)"/#).map { (HTTPMethod.GET, String($0.output.1)) }
        let forms = html.matches(of: #/<form([^>]*)>/#).compactMap { form -> (HTTPMethod, String)? in
            let attributes = String(form.output.1)
            guard let action = attributes.firstMatch(of: #/action="(/[^"]*)"/#) else { return nil }
            let method: HTTPMethod = attributes.contains(#"method="get""#) ? .GET : .POST
            return (method, String(action.output.1))
        }
        return (links + forms).map { ($0.0, $0.1.replacingOccurrences(of: "&amp;", with: "&")) }
            .filter { !$0.1.hasPrefix("/css/") && !$0.1.hasPrefix("/js/") }
    }

    static func route(_ method: HTTPMethod, _ path: String, in app: Application) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return app.routes.all.contains { route in
            route.method == method && route.path.count == segments.count
                && zip(route.path, segments).allSatisfy { component, segment in
                    switch component {
                    case .constant(let word): word == segment
                    case .parameter: true
                    default: false
                    }
                }
        }
    }
}
