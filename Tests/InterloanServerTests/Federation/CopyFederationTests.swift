import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

/// A copy delivered as a file between two Interloan servers: Beta's lender uploads it, the ISO 18626 message
/// carries its address, and Alpha's borrowing library finds the link on its request and downloads the same bytes.
@Suite(.serialized) struct CopyFederationTests {
    @Test func aPartnersFileArrivesAsALinkOnTheRequest() async throws {
        try await withTwoServers { alpha, beta in
            let id = try await alpha.context.place(
                #"{"title": "Salt Review", "serviceType": "copy", "articleTitle": "On brine", "issn": "1234-5679", "publicationDate": "2025", "lenders": ["PEERB"]}"#
            )
            try await settle(alpha, beta)
            let betaID = try #require(try await beta.localID(forPartnerRequest: id))
            let (_, referral) = try await beta.context.call(.GET, "/api/v1/requests/\(betaID)", as: "TEAM")
            #expect((referral as? [String: Any])?["copyrightCompliance"] as? String == "US-CCG")
            #expect((referral as? [String: Any])?["publicationDate"] as? String == "2025")
            try await beta.context.act(betaID, "route", as: "TEAM", #"{"lenders": ["LEN"]}"#)
            try await beta.context.act(betaID, "willSupply", as: "LEN")
            let pdf = DatabaseTests.DocumentStoreTests.pdf(200_000)
            let uploaded = try await DatabaseTests.DocumentDeliveryTests.upload(beta.context, betaID, pdf)
            #expect(uploaded.status == .created)
            try await settle(alpha, beta)

            #expect(try await alpha.status(of: id) == "shipped")
            let (_, body) = try await alpha.context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            let shipment = try #require(((body as? [String: Any])?["shipments"] as? [[String: Any]])?.last)
            #expect(shipment["carrier"] as? String == "electronic")
            let link = try #require((shipment["trackingNumber"] as? String).flatMap(URL.init(string:)))
            #expect(link.path.hasPrefix("/documents/"))
            let file = try await DatabaseTests.DocumentDeliveryTests.send(beta.context, .GET, link.path + "/file")
            #expect(file.status == .ok)
            #expect(file.bytes == pdf, "the partner downloads the bytes the lender uploaded")

            var borrower = WebClient(alpha.context)
            try await borrower.signIn("staff@bor.example.org")
            let page = try await borrower.get("/requests/\(id)")
            #expect(page.html.contains("href=\"\(link.absoluteString)\""), "the link is on the borrower's page")
            try await alpha.context.act(id, "receive", as: "BOR")
            try await settle(alpha, beta)
            #expect(try await alpha.status(of: id) == "completed")
            #expect(try await beta.status(of: betaID) == "completed")
        }
    }
}
