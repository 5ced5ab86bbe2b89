import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    @Suite struct SearchTests {
        @Test func qMatchesTitleAuthorIdentifiersAndIds() async throws {
            try await withTestApp { context in
                let atlas = try await context.place(
                    #"{"title": "The Salt Atlas", "author": "Fairweather, Quinn", "isbn": "979-8-1234-5678-3", "lenders": ["LEN"]}"#
                )
                let ledger = try await context.place(
                    #"{"title": "Copper Ledger", "oclcNumber": "ocm0012345", "lenders": ["LEN"]}"#)
                let cases: [(String, [String])] = [
                    ("salt", [atlas]), ("FAIRWEATHER", [atlas]), ("9798123456783", [atlas]), ("ocm0012345", [ledger]),
                    (ledger, [ledger]), (ledger.lowercased(), [ledger]), ("nothing-like-it", []),
                ]
                for (q, ids) in cases {
                    let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let (_, body) = try await context.call(.GET, "/api/v1/requests?q=\(encoded)", as: "BOR")
                    let items = (body as? [String: Any])?["items"] as? [[String: Any]] ?? []
                    #expect(items.map { $0["id"] as? String } == ids, "q=\(q)")
                }
            }
        }

        @Test func pagesAreCountedAndOrderedNewestFirst() async throws {
            try await withTestApp { context in
                var ids: [String] = []
                for index in 0..<5 { ids.append(try await context.place(#"{"title": "Book \#(index)"}"#)) }
                let (_, body) = try await context.call(.GET, "/api/v1/requests?per=2&page=2", as: "BOR")
                let page = try #require(body as? [String: Any])
                #expect(page["total"] as? Int == 5)
                #expect((page["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[2], ids[1]])
            }
        }
    }
}
