import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `interloan-load`: an HTTP load generator for Interloan's benchmarks.
///
/// Each of `--clients` clients, on a keep-alive connection of its own, sends its next request as soon as the
/// previous one is answered, for `--seconds`; with `--rate R` the clients together send R requests a second at
/// fixed times instead, and latencies count from when each request was due. Several `--url`s share the clients out
/// in turn. Scenarios: `health` (GET /health), `create` (POST
/// /api/v1/requests), `lifecycle` (a whole loan: place, willSupply, ship, receive, returnShip, checkIn, each
/// counted as one action; with `--ils` the patron id and item barcode that make a connected library's NCIP calls),
/// `page` (GET `--path` with the `--cookie` of a signed-in session). Prints one Markdown table row.
/// `--ncip-responder PORT` instead answers NCIP on loopback, as the ILS of the NCIP benchmark. All clients share one event loop thread and no Swift tasks: the generator shares the machine
/// with the server, so it costs as little per request as it can.
@main
struct LoadGenerator {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "--help" || arguments.first == "-h" {
            print(Options.usage)
            return
        }
        if arguments.first == "--ncip-responder" {
            guard arguments.count == 2, let port = Int(arguments.last!), (1...65535).contains(port) else {
                throw LoadError("--ncip-responder needs a port")
            }
            try await NCIPResponder.run(port: port)
        }
        let options = try Options(arguments)
        let servers = try options.urls.map { text -> (host: String, port: Int) in
            guard let url = URL(string: text), let host = url.host else { throw LoadError("--url needs a host") }
            return (host, url.port ?? 80)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // At a fixed rate the first requests are due once every client has had time to connect, so no latency
        // includes a connection's setup.
        let start = NIODeadline.now() + (options.rate > 0 ? .milliseconds(500) : .zero)
        let deadline = start + .seconds(Int64(options.seconds))
        var finished: [EventLoopFuture<WorkerResult>] = []
        for index in 0..<options.clients {
            let (host, port) = servers[index % servers.count]
            let done = group.next().makePromise(of: WorkerResult.self)
            let script = Script(options: options, index: index)
            let bootstrap = ClientBootstrap(group: group).channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ClientHandler(
                            script: script, host: "\(host):\(port)", start: start, deadline: deadline, done: done))
                }
            }
            do {
                _ = try await bootstrap.connect(host: host, port: port).get()
            } catch {
                done.succeed(WorkerResult(failures: 1, firstFailure: "cannot connect: \(error)"))
            }
            finished.append(done.futureResult)
        }
        var merged = WorkerResult()
        for future in finished { merged.merge(try await future.get()) }
        try await group.shutdownGracefully()
        var label = options.scenario == "page" ? "page \(options.path)" : options.scenario
        if options.rate > 0 { label += String(format: " at %.0f/s", options.rate) }
        print(merged.row(scenario: label, clients: options.clients, seconds: Double(options.seconds)))
        if options.details { FileHandle.standardError.write(Data((merged.details() + "\n").utf8)) }
        if merged.answers.isEmpty { exit(1) }
    }
}

/// What the clients measured: every answered request's latency (with what it did and when it was answered,
/// for `--details`), and the failures.
struct WorkerResult: Sendable {
    struct Answer: Sendable {
        let latency: Double
        let label: String
        /// Seconds from the start of the run.
        let answeredAt: Double
    }

    var answers: [Answer] = []
    var failures = 0
    var firstFailure: String?

    mutating func record(_ latency: Double, of label: String, at answeredAt: Double) {
        self.answers.append(Answer(latency: latency, label: label, answeredAt: answeredAt))
    }

    mutating func fail(_ reason: String) {
        self.failures += 1
        if self.firstFailure == nil { self.firstFailure = reason }
    }

    mutating func merge(_ other: WorkerResult) {
        self.answers += other.answers
        self.failures += other.failures
        self.firstFailure = self.firstFailure ?? other.firstFailure
    }

    func row(scenario: String, clients: Int, seconds: Double) -> String {
        let sorted = self.answers.map(\.latency).sorted()
        let rate = Double(sorted.count) / seconds
        let figures = String(
            format: "%.0f | %.2f | %.2f", rate, Self.percentile(0.5, of: sorted), Self.percentile(0.99, of: sorted))
        var row = "| \(scenario) | \(clients) | \(sorted.count) | \(figures) | \(self.failures) |"
        if let firstFailure = self.firstFailure { row += " first failure: \(firstFailure)" }
        return row
    }

    /// The distribution behind the row: percentiles of all answers and of each kind of request, and how the
    /// slowest hundredth of answers fell over the run (a stall shows as a burst in one tenth of a second).
    func details() -> String {
        let sorted = self.answers.map(\.latency).sorted()
        guard !sorted.isEmpty else { return "no answers" }
        func line(_ name: String, _ latencies: [Double]) -> String {
            let points: [Double] = [0.5, 0.9, 0.99, 0.999, 1]
            let figures = points.map { String(format: "%.2f", Self.percentile($0, of: latencies)) }
            return
                "\(name) (\(latencies.count)): p50 \(figures[0]), p90 \(figures[1]), p99 \(figures[2]), p99.9 \(figures[3]), max \(figures[4]) ms"
        }
        var lines = [line("all", sorted)]
        let labels = Dictionary(grouping: self.answers, by: \.label)
        for label in labels.keys.sorted() {
            lines.append(line(label, labels[label]!.map(\.latency).sorted()))
        }
        let slow = Self.percentile(0.99, of: sorted) / 1000
        let bursts = Dictionary(grouping: self.answers.filter { $0.latency >= slow }) { Int($0.answeredAt * 10) }
        let worst = bursts.sorted { $0.value.count > $1.value.count }.prefix(8)
        lines.append(
            "answers at or over p99, most crowded tenths of a second: "
                + worst.map { String(format: "%.1f s: %d", Double($0.key) / 10, $0.value.count) }.joined(
                    separator: ", "))
        return lines.joined(separator: "\n")
    }

    private static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
    }
}
