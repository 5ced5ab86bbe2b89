import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Every endpoint against every kind of caller: the borrower, the current lender, a former lender, an
    /// uninvolved library, the team and nobody.
    @Suite struct AuthorizationTests {
        /// A request by BOR that LEN declined and LEN2 now holds; OTH has nothing to do with it.
        func scenario(_ context: TestContext) async throws -> String {
            let id = try await context.place(
                #"{"title": "Private matters", "lenders": ["LEN", "LEN2"], "patron": {"id": "P1", "name": "Rowan Ashdown", "email": "rowan@patrons.example.org"}}"#
            )
            try await context.act(id, "unfilled", as: "LEN", #"{"reason": "OnLoan"}"#)
            return id
        }

        @Test func readingARequest() async throws {
            try await withTestApp { context in
                let id = try await self.scenario(context)
                let expected: [(String?, HTTPResponseStatus, Bool)] = [
                    ("BOR", .ok, true), ("LEN2", .ok, false), ("LEN", .ok, false), ("OTH", .notFound, false),
                    ("TEAM", .ok, true), (nil, .unauthorized, false),
                ]
                for (party, status, seesPatron) in expected {
                    for path in ["/api/v1/requests/\(id)", "/api/v1/requests/\(id)/history"] {
                        let (got, body) = try await context.call(.GET, path, as: party)
                        #expect(got == status, "\(party ?? "nobody") GET \(path)")
                        if path.hasSuffix(id), got == .ok {
                            let patron = (body as? [String: Any])?["patron"] as? [String: Any]
                            #expect((patron != nil) == seesPatron, "\(party ?? "nobody") and the patron")
                            if seesPatron { #expect(patron?["name"] as? String == "Rowan Ashdown") }
                        }
                    }
                }
            }
        }

        @Test func notFoundForOthersLeaksNothing() async throws {
            try await withTestApp { context in
                let id = try await self.scenario(context)
                let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "OTH")
                let text = String(describing: body)
                #expect(!text.contains("Private matters"))
                #expect(!text.contains("Rowan"))
            }
        }

        @Test func listingShowsOnlyOwnRequests() async throws {
            try await withTestApp { context in
                let id = try await self.scenario(context)
                let expected: [(String, String, [String])] = [
                    ("BOR", "", [id]), ("BOR", "?side=borrowing", [id]), ("BOR", "?side=lending", []),
                    ("LEN", "?side=lending", [id]), ("LEN2", "", [id]), ("LEN2", "?side=borrowing", []),
                    ("OTH", "", []), ("TEAM", "", [id]), ("TEAM", "?side=lending&library=LEN2", [id]),
                    ("TEAM", "?side=borrowing&library=OTH", []),
                ]
                for (party, query, ids) in expected {
                    let (status, body) = try await context.call(.GET, "/api/v1/requests\(query)", as: party)
                    #expect(status == .ok)
                    let items = (body as? [String: Any])?["items"] as? [[String: Any]] ?? []
                    #expect(items.map { $0["id"] as? String } == ids, "\(party) \(query)")
                    if party != "BOR" && party != "TEAM" {
                        #expect(items.allSatisfy { $0["patron"] == nil }, "\(party) must not see the patron")
                    }
                }
            }
        }

        @Test func actingOnARequest() async throws {
            try await withTestApp { context in
                let id = try await self.scenario(context)
                // Other libraries cannot even see it; a former lender and the borrower may not answer for LEN2.
                try await context.act(id, "willSupply", as: "OTH", expect: .notFound)
                try await context.act(id, "willSupply", as: "LEN", expect: .conflict)
                let refusal = try await context.act(id, "willSupply", as: "BOR", expect: .conflict)
                #expect(refusal["message"] as? String == "only the lender may willSupply now")
                // The borrower may cancel or edit its own lender string; the lender may do neither.
                #expect(refusal["allowedActions"] as? [String] == ["cancel", "route"])
                try await context.act(id, "route", as: "LEN2", #"{"lenders": ["OTH"]}"#, expect: .conflict)
                let (status, _) = try await context.call(.POST, "/api/v1/requests/\(id)/actions/willSupply", json: "{}")
                #expect(status == .unauthorized)
                try await context.act(id, "willSupply", as: "LEN2")
            }
        }

        @Test func placingRequests() async throws {
            try await withTestApp { context in
                let (forOther, _) = try await context.call(
                    .POST, "/api/v1/requests", as: "BOR", json: #"{"title": "X", "borrower": "OTH"}"#)
                #expect(forOther == .unprocessableEntity)
                let (teamWithout, _) = try await context.call(
                    .POST, "/api/v1/requests", as: "TEAM", json: #"{"title": "X"}"#)
                #expect(teamWithout == .unprocessableEntity)
                let (teamFor, body) = try await context.call(
                    .POST, "/api/v1/requests", as: "TEAM",
                    json: #"{"title": "X", "borrower": "OTH", "lenders": ["LEN"]}"#)
                #expect(teamFor == .created)
                #expect((body as? [String: Any])?["borrower"] as? String == "OTH")
                #expect(
                    try await context.call(.POST, "/api/v1/requests", json: #"{"title": "X"}"#).status == .unauthorized)
            }
        }

        @Test func theDirectoryAndHealthArePublic() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.GET, "/api/v1/libraries")
                #expect(status == .ok)
                let libraries = try #require(body as? [[String: Any]])
                #expect(libraries.map { $0["symbol"] as? String } == ["BOR", "LEN", "LEN2", "OTH", "PART"])
                #expect(libraries.last?["member"] as? Bool == false)
                #expect((libraries.first?["lending"] as? [String: Any])?["loanDays"] as? Int == 28)
                #expect(try await context.call(.GET, "/api/v1/libraries/len2").status == .ok)
                let health = try await context.call(.GET, "/health")
                #expect(health.status == .ok)
                #expect((health.body as? [String: String]) == ["status": "ok", "version": InterloanVersion.current])
                let (_, consortium) = try await context.call(.GET, "/api/v1/consortium")
                #expect((consortium as? [String: Any])?["agencyIdValue"] as? String == "US-TEST")
            }
        }
    }
}
