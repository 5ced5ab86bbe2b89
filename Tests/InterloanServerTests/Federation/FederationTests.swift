import Foundation
import SQLKit
import Testing

@testable import InterloanServer

/// Full loans between two Interloan servers over loopback HTTP: Alpha's member BOR borrows, Beta (the partner)
/// refers the request to its member LEN, and every step travels as ISO 18626.
@Suite(.serialized) struct FederationTests {
    /// Alpha's BOR asks Beta; Beta's team routes the referral to its LEN. Returns both sides' ids.
    private func referToBeta(_ alpha: PeerServer, _ beta: PeerServer, lenders: String = #"["PEERB"]"#) async throws
        -> (alpha: String, beta: String)
    {
        let id = try await alpha.context.place(
            #"{"title": "The Salt Atlas", "isbn": "9780000000002", "lenders": \#(lenders)}"#)
        try await settle(alpha, beta)
        let betaID = try #require(try await beta.localID(forPartnerRequest: id), "Beta has no referral for \(id)")
        #expect(try await beta.status(of: betaID) == "needsLender")
        try await beta.context.act(betaID, "route", as: "TEAM", #"{"lenders": ["LEN"]}"#)
        return (id, betaID)
    }

    @Test func aLoanWithAnApprovedRenewalRunsAcrossTheWire() async throws {
        try await withTwoServers { alpha, beta in
            // given a referral Beta's LEN agrees to supply
            let (id, betaID) = try await self.referToBeta(alpha, beta)
            try await beta.context.act(betaID, "willSupply", as: "LEN")
            try await settle(alpha, beta)
            #expect(try await alpha.status(of: id) == "willSupply")

            // when it ships, arrives, is renewed, goes back and is checked in
            try await beta.context.act(
                betaID, "ship", as: "LEN", #"{"carrier": "usps", "trackingNumber": "9400 1", "dueDate": "2026-12-28"}"#)
            try await settle(alpha, beta)
            #expect(try await alpha.status(of: id) == "shipped")
            try await alpha.context.act(id, "receive", as: "BOR")
            try await settle(alpha, beta)
            #expect(try await beta.status(of: betaID) == "received")
            try await alpha.context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
            try await settle(alpha, beta)
            #expect(try await beta.status(of: betaID) == "renewalRequested")
            let renewal = try await beta.context.act(
                betaID, "answerRenewal", as: "LEN", #"{"approve": true, "dueDate": "2027-01-20"}"#)
            #expect(renewal["dueDate"] as? String == "2027-01-20")
            try await settle(alpha, beta)
            let renewed = try await alpha.context.act(id, "returnShip", as: "BOR", #"{"carrier": "courier"}"#)
            #expect(renewed["dueDate"] as? String == "2027-01-20")
            try await settle(alpha, beta)
            try await beta.context.act(betaID, "checkIn", as: "LEN")
            try await settle(alpha, beta)

            // then both sides end complete and went through the same states
            #expect(try await alpha.status(of: id) == "completed")
            #expect(try await beta.status(of: betaID) == "completed")
            let sharedSteps = [
                "willSupply", "shipped", "received", "renewalRequested", "received", "returned", "completed",
            ]
            #expect(Array(try await alpha.statusHistory(of: id).drop { $0 != "willSupply" }) == sharedSteps)
            #expect(Array(try await beta.statusHistory(of: betaID).drop { $0 != "willSupply" }) == sharedSteps)
            let sent = try await alpha.partnerMessages(of: id)
            #expect(sent.map { $0["summary"] as? String } == ["Request", "Received", "Renew", "ShippedReturn"])
            #expect(sent.allSatisfy { $0["state"] as? String == "confirmed" })
            let answered = try await beta.partnerMessages(of: betaID).compactMap { $0["summary"] as? String }
            #expect(answered == ["RequestResponse: WillSupply", "Loaned", "RenewResponse: Loaned", "LoanCompleted"])
        }
    }

    @Test func conditionsTravelAndTheirAcceptanceToo() async throws {
        try await withTwoServers { alpha, beta in
            let (id, betaID) = try await self.referToBeta(alpha, beta)
            try await beta.context.act(betaID, "conditional", as: "LEN", #"{"note": "library use only"}"#)
            try await settle(alpha, beta)
            let (_, body) = try await alpha.context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            let request = try #require(body as? [String: Any])
            #expect(request["status"] as? String == "conditional")
            #expect((request["lenders"] as? [[String: Any]])?.first?["note"] as? String == "library use only")
            try await alpha.context.act(id, "acceptConditions", as: "BOR")
            try await settle(alpha, beta)
            #expect(try await alpha.status(of: id) == "willSupply")
            #expect(try await beta.status(of: betaID) == "willSupply")
        }
    }

    @Test func anUnfilledPartnerHandsTheRequestToTheNextLender() async throws {
        try await withTwoServers { alpha, beta in
            let (id, betaID) = try await self.referToBeta(alpha, beta, lenders: #"["PEERB", "LEN"]"#)
            try await beta.context.act(betaID, "unfilled", as: "LEN", #"{"reason": "NotHeld"}"#)
            try await settle(alpha, beta)
            let request = try await alpha.context.act(id, "willSupply", as: "LEN")
            #expect(request["currentLender"] as? String == "LEN")
            let lenders = request["lenders"] as? [[String: Any]] ?? []
            #expect(lenders.first?["outcome"] as? String == "unfilled")
            #expect(lenders.first?["reason"] as? String == "NotHeld")
            #expect(try await beta.status(of: betaID) == "needsLender")
        }
    }

    @Test func aDeniedRenewalKeepsTheDueDate() async throws {
        try await withTwoServers { alpha, beta in
            let (id, betaID) = try await self.referToBeta(alpha, beta)
            try await beta.context.act(betaID, "willSupply", as: "LEN")
            try await beta.context.act(betaID, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-28"}"#)
            try await settle(alpha, beta)
            try await alpha.context.act(id, "receive", as: "BOR")
            try await alpha.context.act(id, "renew", as: "BOR", #"{"desiredDueDate": "2027-01-25"}"#)
            try await settle(alpha, beta)
            try await beta.context.act(
                betaID, "answerRenewal", as: "LEN", #"{"approve": false, "note": "a hold is waiting"}"#)
            try await settle(alpha, beta)
            let (_, body) = try await alpha.context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            let request = try #require(body as? [String: Any])
            #expect(request["status"] as? String == "received")
            #expect(request["dueDate"] as? String == "2026-12-28")
            let renewals = request["renewals"] as? [[String: Any]] ?? []
            #expect(renewals.last?["status"] as? String == "denied")
            #expect(renewals.last?["note"] as? String == "a hold is waiting")
        }
    }

    @Test(arguments: [true, false])
    func aCancelAfterWillSupplyWaitsForTheLendersAnswer(agreed: Bool) async throws {
        try await withTwoServers { alpha, beta in
            let (id, betaID) = try await self.referToBeta(alpha, beta)
            try await beta.context.act(betaID, "willSupply", as: "LEN")
            try await settle(alpha, beta)
            try await alpha.context.act(id, "cancel", as: "BOR", #"{"reason": "patron bought it"}"#)
            try await settle(alpha, beta)
            #expect(try await alpha.status(of: id) == "cancelRequested")
            #expect(try await beta.status(of: betaID) == "cancelRequested")
            try await beta.context.act(betaID, "answerCancel", as: "LEN", #"{"approve": \#(agreed)}"#)
            try await settle(alpha, beta)
            let expected = agreed ? "cancelled" : "willSupply"
            #expect(try await alpha.status(of: id) == expected)
            #expect(try await beta.status(of: betaID) == expected)
        }
    }

    @Test func anUnreachablePartnerIsRetriedLaterAndMessagesKeepTheirOrder() async throws {
        try await withTwoServers { alpha, beta in
            // given Beta cannot be reached
            let sql = alpha.app.db.asSQL
            let endpoint = try await sql.select().column("endpoint_url").from(PartnerRecord.table).first()!
                .decode(column: "endpoint_url", as: String.self)
            try await sql.update(PartnerRecord.table).set("endpoint_url", to: "http://127.0.0.1:9/iso18626").run()
            let id = try await alpha.context.place(#"{"title": "The Salt Atlas", "lenders": ["PEERB"]}"#)
            #expect(try await alpha.app.partnerOutbox.deliverDue() == 1)
            let waiting = try await alpha.partnerMessages(of: id)
            #expect(waiting.first?["state"] as? String == "retrying")
            #expect((waiting.first?["lastError"] as? String)?.contains("could not be reached") == true)

            // when the borrower cancels meanwhile and Beta is back, nothing is sent before the retry is due
            try await alpha.context.act(id, "cancel", as: "BOR", #"{"reason": "found a copy"}"#)
            try await sql.update(PartnerRecord.table).set("endpoint_url", to: endpoint).run()
            #expect(try await alpha.app.partnerOutbox.deliverDue() == 0)
            alpha.app.clock = .fixed(testNow.addingTimeInterval(31))
            try await settle(alpha, beta)

            // then Beta got the Request before the Cancel, and both are confirmed
            let sent = try await alpha.partnerMessages(of: id)
            #expect(sent.map { $0["summary"] as? String } == ["Request", "Cancel"])
            #expect(sent.map { $0["state"] as? String } == ["confirmed", "confirmed"])
            #expect(sent.first?["attempts"] as? Int == 2)
            let betaID = try #require(try await beta.localID(forPartnerRequest: id))
            #expect(try await beta.status(of: betaID) == "cancelled")
        }
    }

    @Test func aMessageThePartnerRefusesIsShownAndNotRetried() async throws {
        try await withTwoServers { alpha, beta in
            // Beta forgets Alpha's credential: Alpha's Request is refused with an ERROR confirmation.
            try await PartnerRegistry(app: alpha.app).setOutgoingCredential("il_wrong", for: beta.agency)
            let id = try await alpha.context.place(#"{"title": "The Salt Atlas", "lenders": ["PEERB"]}"#)
            try await settle(alpha, beta)
            let messages = try await alpha.partnerMessages(of: id)
            #expect(messages.map { $0["state"] as? String } == ["rejected"])
            #expect((messages.first?["lastError"] as? String)?.contains("not a registered partner") == true)
            #expect(try await alpha.app.partnerOutbox.deliverDue() == 0)
            #expect(try await beta.localID(forPartnerRequest: id) == nil)

            // The borrower's staff see the refusal on the request page.
            var web = WebClient(alpha.context)
            try await web.signIn("staff@bor.example.org")
            let page = try await web.get("/requests/\(id)")
            #expect(page.html.contains("ISO 18626 messages to partners"))
            #expect(page.html.contains("delivery-rejected"))
            #expect(page.html.contains("not a registered partner"))
        }
    }
}
