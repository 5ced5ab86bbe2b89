import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

/// Who may read `/metrics`: this host, unless a proxy relayed the request, or a caller with the metrics token.
@Suite struct MetricsAccessTests {
    static let digest = MetricsAccess.digest("a-metrics-token-of-32-characters")

    @Test(arguments: ["127.0.0.1", "127.3.0.9", "::1", "::ffff:127.0.0.1"])
    func loopbackReadsWithoutAToken(peer: String) {
        #expect(MetricsAccess.allows(peer: peer, isForwarded: false, bearer: nil, tokenDigest: nil))
    }

    @Test(arguments: ["10.0.0.5", "192.168.1.20", "2001:db8::1", "::ffff:10.0.0.5", "not an address"])
    func otherHostsAreRefusedWithoutTheToken(peer: String) {
        #expect(!MetricsAccess.allows(peer: peer, isForwarded: false, bearer: nil, tokenDigest: Self.digest))
        #expect(!MetricsAccess.allows(peer: peer, isForwarded: false, bearer: "guess", tokenDigest: Self.digest))
    }

    @Test func aRequestAProxyRelayedIsNotLocalEvenFromLoopback() {
        #expect(!MetricsAccess.allows(peer: "127.0.0.1", isForwarded: true, bearer: nil, tokenDigest: nil))
        #expect(!MetricsAccess.allows(peer: nil, isForwarded: false, bearer: nil, tokenDigest: nil))
    }

    @Test func theTokenOpensItFromAnywhereAndOnlyWhenOneIsSet() {
        let token = "a-metrics-token-of-32-characters"
        #expect(MetricsAccess.allows(peer: "10.0.0.5", isForwarded: true, bearer: token, tokenDigest: Self.digest))
        #expect(!MetricsAccess.allows(peer: "10.0.0.5", isForwarded: false, bearer: token, tokenDigest: nil))
        #expect(!MetricsAccess.allows(peer: "10.0.0.5", isForwarded: false, bearer: "", tokenDigest: Self.digest))
    }

    @Test func theTokenSettingIsChecked() throws {
        let base = ["INTERLOAN_DATABASE": "x.sqlite"]
        let set = try Settings.fromEnvironment(base.merging(["INTERLOAN_METRICS_TOKEN": "0123456789abcdef"]) { $1 })
        #expect(set.metricsTokenDigest == MetricsAccess.digest("0123456789abcdef"))
        #expect(try Settings.fromEnvironment(base).metricsTokenDigest == nil)
        for bad in ["short", "sixteen chars ok", String(repeating: "x", count: 257)] {
            #expect(throws: SettingsError.self) {
                try Settings.fromEnvironment(base.merging(["INTERLOAN_METRICS_TOKEN": bad]) { $1 })
            }
        }
    }
}

extension DatabaseTests {
    /// `/metrics` in the Prometheus text format, with the figures moving as the server works.
    @Suite struct MetricsTests {
        static let token = "a-metrics-token-of-32-characters"

        /// The samples of one scrape, by series (`name{labels}` as written), after checking it was allowed.
        static func scrape(_ context: TestContext) async throws -> [String: Double] {
            var samples: [String: Double] = [:]
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: Self.token)
            try await context.app.testing().test(.GET, "/metrics", headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentType) == "text/plain; version=0.0.4; charset=utf-8")
                for line in String(buffer: response.body).split(separator: "\n") where !line.hasPrefix("#") {
                    let parts = line.split(separator: " ")
                    #expect(parts.count == 2, "not a sample line: \(line)")
                    samples[String(parts[0])] = Double(parts[1])
                }
            }
            return samples
        }

        @Test func refusedWithoutTheTokenFromAnUnknownPeer() async throws {
            try await withTestApp { context in
                context.app.metricsTokenDigest = MetricsAccess.digest(Self.token)
                // The in-memory test client has no peer address: it stands for another host.
                try await context.app.testing().test(.GET, "/metrics") { response in
                    #expect(response.status == .forbidden)
                    #expect(!String(buffer: response.body).contains("interloan_"))
                }
                var wrong = HTTPHeaders()
                wrong.bearerAuthorization = BearerAuthorization(token: Self.token + "x")
                try await context.app.testing().test(.GET, "/metrics", headers: wrong) { response in
                    #expect(response.status == .forbidden)
                }
            }
        }

        @Test func actionsRoutesAndTheMailBacklogMoveTheFigures() async throws {
            try await withTestApp { context in
                context.app.metricsTokenDigest = MetricsAccess.digest(Self.token)
                let before = try await Self.scrape(context)
                let placed = #"interloan_lifecycle_actions_total{action="place"}"#
                let cancelled = #"interloan_lifecycle_actions_total{action="cancel"}"#
                let routeCount = #"http_requests_total{method="POST",path="/api/v1/requests",status="201"}"#
                #expect(before[cancelled] != nil, "every action's series is there before its first use")

                let first = try await context.place()
                _ = try await context.place()
                try await context.act(first, "cancel", as: "BOR")

                let after = try await Self.scrape(context)
                // Other suites may act at the same time in this process, so at least, not exactly.
                #expect((after[placed] ?? 0) - (before[placed] ?? 0) >= 2)
                #expect((after[cancelled] ?? 0) - (before[cancelled] ?? 0) >= 1)
                #expect((after[routeCount] ?? 0) - (before[routeCount] ?? 0) >= 2)
                #expect(
                    (after[#"http_request_duration_seconds_count{method="POST",path="/api/v1/requests",status="201"}"#]
                        ?? 0) >= 2)
                #expect(
                    (after["interloan_write_batch_size_count"] ?? 0)
                        > (before["interloan_write_batch_size_count"] ?? 0))

                let pending = try await context.app.db.asSQL.select().column(
                    SQLFunction("count", args: SQLLiteral.all), as: "n"
                )
                .from(MailRecord.table).where("state", .equal, "pending").first()?.decode(column: "n", as: Int.self)
                #expect(after[#"interloan_outbox_backlog{outbox="mail"}"#] == Double(try #require(pending)))
                #expect(after[#"interloan_outbox_backlog{outbox="partner"}"#] != nil)
                #expect(after[#"interloan_outbox_backlog{outbox="ils"}"#] != nil)
            }
        }

        @Test func scheduledJobLagGrowsOncePassesAreLate() async throws {
            try await withTestApp { context in
                context.app.metricsTokenDigest = MetricsAccess.digest(Self.token)
                context.app.scheduledJobsProgress.began(at: testNow.addingTimeInterval(-200))
                let onTime = try await Self.scrape(context)
                #expect(onTime["interloan_scheduled_jobs_lag_seconds"] == 0)
                context.app.scheduledJobsProgress.began(at: testNow.addingTimeInterval(-420))
                let late = try await Self.scrape(context)
                #expect(late["interloan_scheduled_jobs_lag_seconds"] == 120)
            }
        }
    }
}
