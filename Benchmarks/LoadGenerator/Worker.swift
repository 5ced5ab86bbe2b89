import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What one worker measured: every answered request's latency, and the failures.
struct WorkerResult: Sendable {
    var latencies: [Double] = []
    var failures = 0
    var firstFailure: String?

    mutating func merge(_ other: WorkerResult) {
        self.latencies += other.latencies
        self.failures += other.failures
        self.firstFailure = self.firstFailure ?? other.firstFailure
    }

    func row(scenario: String, clients: Int, seconds: Double) -> String {
        let sorted = self.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
        }
        let rate = Double(sorted.count) / seconds
        let figures = String(format: "%.0f | %.2f | %.2f", rate, percentile(0.5), percentile(0.99))
        var row = "| \(scenario) | \(clients) | \(sorted.count) | \(figures) | \(self.failures) |"
        if let firstFailure = self.firstFailure { row += " first failure: \(firstFailure)" }
        return row
    }
}

/// One closed-loop client.
struct Worker {
    let client: HTTPClient
    let options: Options
    let index: Int

    func run(until deadline: ContinuousClock.Instant) async -> WorkerResult {
        var result = WorkerResult()
        var sequence = 0
        while ContinuousClock.now < deadline {
            sequence += 1
            do {
                switch self.options.scenario {
                case "health":
                    _ = try await self.timed(&result, .GET, "/health", token: nil, body: nil, expect: .ok)
                case "create":
                    _ = try await self.place(&result, sequence: sequence)
                case "page":
                    _ = try await self.timed(&result, .GET, self.options.path, token: nil, body: nil, expect: .ok)
                default:
                    try await self.lifecycle(&result, sequence: sequence)
                }
            } catch {
                result.failures += 1
                if result.firstFailure == nil { result.firstFailure = "\(error)" }
            }
        }
        return result
    }

    func place(_ result: inout WorkerResult, sequence: Int) async throws -> String {
        let lenders = self.options.lender.isEmpty ? "" : #", "lenders": ["\#(self.options.lender)"]"#
        let body = #"{"title": "Load test \#(self.index)-\#(sequence)", "isbn": "9798000000001"\#(lenders)}"#
        let data = try await self.timed(
            &result, .POST, "/api/v1/requests", token: self.options.borrowerToken, body: body, expect: .created)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let id = object["id"] as? String
        else { throw LoadError("no id in the created request") }
        return id
    }

    func lifecycle(_ result: inout WorkerResult, sequence: Int) async throws {
        let id = try await self.place(&result, sequence: sequence)
        let steps: [(String, Bool, String)] = [
            ("willSupply", false, "{}"),
            ("ship", false, #"{"carrier": "courier", "dueDate": "2099-12-31"}"#),
            ("receive", true, "{}"),
            ("returnShip", true, #"{"carrier": "courier"}"#),
            ("checkIn", false, "{}"),
        ]
        for (action, byBorrower, body) in steps {
            _ = try await self.timed(
                &result, .POST, "/api/v1/requests/\(id)/actions/\(action)",
                token: byBorrower ? self.options.borrowerToken : self.options.lenderToken, body: body, expect: .ok)
        }
    }

    func timed(
        _ result: inout WorkerResult, _ method: HTTPMethod, _ path: String, token: String?, body: String?,
        expect: HTTPResponseStatus
    ) async throws -> Data {
        var request = HTTPClientRequest(url: self.options.url + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if !self.options.cookie.isEmpty { request.headers.add(name: "Cookie", value: self.options.cookie) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let started = ContinuousClock.now
        let response = try await self.client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        let elapsed = ContinuousClock.now - started
        guard response.status == expect else {
            throw LoadError("\(method) \(path) answered \(response.status.code): \(String(buffer: buffer).prefix(200))")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        result.latencies.append(seconds)
        return Data(Array(buffer.readableBytesView))
    }
}
