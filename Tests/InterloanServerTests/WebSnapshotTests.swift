import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The key pages pinned as rendered HTML.
    @Suite struct WebSnapshotTests {
        @Test func keyPages() async throws {
            try await withTestApp { context in
                let id = try await context.place(
                    #"{"title": "The Salt Atlas", "author": "Fairweather, Quinn", "isbn": "9798123456783", "lenders": ["LEN", "LEN2"], "patron": {"id": "P7", "name": "Quinn Dunmore"}, "neededBy": "2027-01-15", "notes": "Any edition"}"#
                )
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")

                try expectSnapshot(try await borrower.get("/").html, named: "home-borrower.html")
                try expectSnapshot(try await borrower.get("/requests/\(id)").html, named: "request-sent-borrower.html")
                try expectSnapshot(try await lender.get("/requests/\(id)").html, named: "request-sent-lender.html")

                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(
                    id, "ship", as: "LEN",
                    #"{"carrier": "courier", "trackingNumber": "BIN 7", "dueDate": "2026-12-28"}"#)
                try await context.act(id, "receive", as: "BOR")
                try expectSnapshot(
                    try await borrower.get("/requests/\(id)").html, named: "request-received-borrower.html")
                try expectSnapshot(
                    try await lender.get("/queues/lending/on-loan").html, named: "queue-lending-on-loan.html")

                let invalid = try await borrower.post(
                    "/requests", ["title": "", "isbn": "12", "neededBy": "soon", "patronEmail": "nobody"],
                    tokenFrom: "/requests/new")
                try expectSnapshot(invalid.html, named: "new-request-with-errors.html")
                try expectSnapshot(
                    try await lender.get("/requests/\(id)/routing-slip").html, named: "routing-slip.html")
            }
        }
    }
}
