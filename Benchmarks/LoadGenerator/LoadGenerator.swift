import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `interloan-load`: a closed-loop HTTP load generator for Interloan's benchmarks.
///
/// Each of `--clients` workers sends its next request as soon as the previous one is answered, for `--seconds`.
/// Scenarios: `health` (GET /health), `create` (POST /api/v1/requests), `lifecycle` (a whole loan: place,
/// willSupply, ship, receive, returnShip, checkIn, each counted as one action), `page` (GET `--path` with the
/// `--cookie` of a signed-in session). Prints one Markdown table row.
@main
struct LoadGenerator {
    static func main() async throws {
        let options = try Options(CommandLine.arguments.dropFirst())
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.clients)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let deadline = ContinuousClock.now + .seconds(options.seconds)
        let results = await withTaskGroup(of: WorkerResult.self) { group in
            for worker in 0..<options.clients {
                group.addTask {
                    await Worker(client: client, options: options, index: worker).run(until: deadline)
                }
            }
            var merged = WorkerResult()
            for await result in group { merged.merge(result) }
            return merged
        }
        try await client.shutdown()
        let label = options.scenario == "page" ? "page \(options.path)" : options.scenario
        print(results.row(scenario: label, clients: options.clients, seconds: Double(options.seconds)))
        if results.latencies.isEmpty { exit(1) }
    }
}

struct Options: Sendable {
    var url = "http://127.0.0.1:8080"
    var scenario = "health"
    var clients = 1
    var seconds = 10
    var borrowerToken = ""
    var lenderToken = ""
    var lender = ""
    var path = "/"
    var cookie = ""

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard let value = iterator.next() else { throw LoadError("\(name) needs a value") }
            switch name {
            case "--url": self.url = value
            case "--scenario": self.scenario = value
            case "--clients": self.clients = Int(value) ?? 1
            case "--seconds": self.seconds = Int(value) ?? 10
            case "--borrower-token": self.borrowerToken = value
            case "--lender-token": self.lenderToken = value
            case "--lender": self.lender = value
            case "--path": self.path = value
            case "--cookie": self.cookie = value
            default: throw LoadError("unknown option \(name)")
            }
        }
        guard ["health", "create", "lifecycle", "page"].contains(self.scenario) else {
            throw LoadError("--scenario must be health, create, lifecycle or page")
        }
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
