import Foundation
import ISO18626
import Testing
import Vapor

@testable import InterloanServer

/// One of two Interloan servers on loopback, each registered as the other's ISO 18626 partner.
struct PeerServer {
    let context: TestContext
    let agency: AgencyID
    /// The other server's symbol in this server's directory.
    let partnerSymbol: String

    var app: Application { self.context.app }
}

/// Runs two Interloan applications with real HTTP servers on loopback ports, each with its own SQLite file and
/// consortium (`US-AAA` and `US-BBB`), registered with each other through `PartnerRegistry` as `peers add` does.
func withTwoServers(_ body: (PeerServer, PeerServer) async throws -> Void) async throws {
    let first = TestConsortium(name: "Alpha Libraries", symbol: "AAA", agencyValue: "US-AAA")
    let second = TestConsortium(name: "Beta Libraries", symbol: "BBB", agencyValue: "US-BBB")
    try await withTestApp(consortium: first, sqliteOnly: true) { a in
        try await withTestApp(consortium: second, sqliteOnly: true) { b in
            let portA = try await startServer(a.app)
            let portB = try await startServer(b.app)
            do {
                let agencyA = AgencyID(type: "ISIL", value: first.agencyValue)
                let agencyB = AgencyID(type: "ISIL", value: second.agencyValue)
                let (_, credentialFromB) = try await PartnerRegistry(app: a.app).add(
                    agency: agencyB, name: second.name, endpoint: "http://127.0.0.1:\(portB)/iso18626", symbol: "PEERB")
                let (_, credentialFromA) = try await PartnerRegistry(app: b.app).add(
                    agency: agencyA, name: first.name, endpoint: "http://127.0.0.1:\(portA)/iso18626", symbol: "PEERA")
                try await PartnerRegistry(app: a.app).setOutgoingCredential(credentialFromA, for: agencyB)
                try await PartnerRegistry(app: b.app).setOutgoingCredential(credentialFromB, for: agencyA)
                try await body(
                    PeerServer(context: a, agency: agencyA, partnerSymbol: "PEERB"),
                    PeerServer(context: b, agency: agencyB, partnerSymbol: "PEERA"))
                try await EmittedXML.keepOutbox(of: a.app, name: "outbox-alpha")
                try await EmittedXML.keepOutbox(of: b.app, name: "outbox-beta")
            } catch {
                await a.app.server.shutdown()
                await b.app.server.shutdown()
                throw error
            }
            await a.app.server.shutdown()
            await b.app.server.shutdown()
        }
    }
}

private func startServer(_ app: Application) async throws -> Int {
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    return try #require(app.http.server.shared.localAddress?.port)
}

/// Delivers every queued message on both sides until neither has anything left to send, so each step of a
/// loan across the wire completes without waiting on timers.
func settle(_ first: PeerServer, _ second: PeerServer) async throws {
    for _ in 0..<20 {
        let sent = try await first.app.partnerOutbox.deliverDue() + second.app.partnerOutbox.deliverDue()
        if sent == 0 { return }
    }
    Issue.record("the two servers kept sending messages")
}

extension PeerServer {
    /// The request's status as `party` sees it.
    func status(of id: String, as party: String = "TEAM") async throws -> String? {
        let (_, body) = try await self.context.call(.GET, "/api/v1/requests/\(id)", as: party)
        return (body as? [String: Any])?["status"] as? String
    }

    /// This server's own id for the request the partner knows as `partnerRequestID`, found as the team finds it.
    func localID(forPartnerRequest partnerRequestID: String) async throws -> String? {
        let (_, body) = try await self.context.call(.GET, "/api/v1/requests?q=\(partnerRequestID)", as: "TEAM")
        let items = (body as? [String: Any])?["items"] as? [[String: Any]]
        return items?.first?["id"] as? String
    }

    /// The statuses a request went through, oldest first.
    func statusHistory(of id: String) async throws -> [String] {
        let (_, body) = try await self.context.call(.GET, "/api/v1/requests/\(id)/history", as: "TEAM")
        return (body as? [[String: Any]] ?? []).filter { $0["from"] as? String != $0["to"] as? String }
            .compactMap { $0["to"] as? String }
    }

    /// The partner messages of a request, as its API resource lists them.
    func partnerMessages(of id: String) async throws -> [[String: Any]] {
        let (_, body) = try await self.context.call(.GET, "/api/v1/requests/\(id)/messages", as: "TEAM")
        return body as? [[String: Any]] ?? []
    }
}
