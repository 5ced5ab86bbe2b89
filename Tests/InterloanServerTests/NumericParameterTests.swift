import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Every number a client chooses, at its extremes: answered with the page or a 422 naming the parameter, never
    /// a crash (an overflow aborts the whole process, losing every request in flight).
    @Suite struct NumericParameterTests {
        /// Values past every bound: zero, negatives, the 64-bit limits and beyond, fractions, exponents, text.
        static let extremes = [
            "0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "340282366920938463463374607431768211456", "1.5", "1e3", "0x10", "NaN", "abc", "", "%20", "1%00",
        ]

        /// A route with a numeric query parameter, the values it accepts and who calls it (nil: nobody signed in,
        /// a party's symbol: its API token; `web:` a staff member signed in on the web).
        struct Route: CustomTestStringConvertible, Sendable {
            var path: String
            var parameter: String
            var valid: [String]
            var caller: String?
            var testDescription: String { "\(self.path) \(self.parameter)" }
        }

        static let routes: [Route] = [
            Route(path: "/api/v1/requests", parameter: "page", valid: ["1", "1000000"], caller: "BOR"),
            Route(path: "/api/v1/requests", parameter: "per", valid: ["1", "100"], caller: "BOR"),
            Route(path: "/api/v1/requests", parameter: "page", valid: ["1", "1000000"], caller: "TEAM"),
            Route(
                path: "/api/v1/lists/ill-announce/announcements", parameter: "page", valid: ["1", "1000000"],
                caller: nil),
            Route(path: "/api/v1/courier", parameter: "year", valid: ["2000", "2100"], caller: nil),
            Route(path: "/lists/ill-announce", parameter: "page", valid: ["1", "1000000"], caller: nil),
            Route(path: "/queues/borrowing/new", parameter: "page", valid: ["1", "1000000"], caller: "web:bor"),
            Route(path: "/requests", parameter: "page", valid: ["1", "1000000"], caller: "web:bor"),
        ]

        @Test(arguments: Self.routes)
        func everyNumericParameterAtItsExtremesIsAPageOrA422NamingIt(_ route: Route) async throws {
            try await withTestApp { context in
                try await DatabaseTests.ListsTests.makeList(context)
                var web = WebClient(context)
                if let caller = route.caller, caller.hasPrefix("web:") {
                    try await web.signIn("staff@\(caller.dropFirst(4)).example.org")
                }
                for value in route.valid + Self.extremes {
                    let path = "\(route.path)?\(route.parameter)=\(value)"
                    let expected: HTTPResponseStatus = route.valid.contains(value) ? .ok : .unprocessableEntity
                    if route.path.hasPrefix("/api/") {
                        let (status, body) = try await context.call(.GET, path, as: route.caller)
                        #expect(status == expected, "\(path)")
                        if expected == .unprocessableEntity {
                            let fields = (body as? [String: Any])?["fields"] as? [[String: String]]
                            #expect(fields?.first?["field"] == route.parameter, "\(path)")
                        }
                    } else {
                        let page = try await web.get(path)
                        #expect(page.status == expected, "\(path)")
                        if expected == .unprocessableEntity {
                            #expect(page.html.contains("\(route.parameter): must be a whole number"), "\(path)")
                        }
                    }
                }
            }
        }

        @Test func pathIdentifiersBeyondAnyRowAreNotFound() async throws {
            try await withTestApp { context in
                try await DatabaseTests.ListsTests.makeList(context)
                for id in ["0", "-1", "9223372036854775807", "9223372036854775808", "1e3", "abc"] {
                    let (pageStatus, _) = try await context.call(.PUT, "/api/v1/pages/\(id)", as: "TEAM", json: "{}")
                    #expect(pageStatus == .notFound, "page \(id)")
                    let (delayStatus, _) = try await context.call(.DELETE, "/api/v1/courier/delays/\(id)", as: "TEAM")
                    #expect(delayStatus == .notFound, "delay \(id)")
                    var web = WebClient(context)
                    #expect(try await web.get("/lists/ill-announce/\(id)").status == .notFound, "post \(id)")
                }
            }
        }
    }
}
