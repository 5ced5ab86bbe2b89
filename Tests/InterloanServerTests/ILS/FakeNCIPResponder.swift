import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// An ILS on loopback for the tests: a real HTTP server that keeps every message it receives and answers each with
/// the next of the answers it was given (the last one again once they run out). What it receives is also written
/// where `.ci/run` validates it against the NCIP 2.02 schema, so every message the server sends is checked.
final class FakeNCIPResponder: Sendable {
    enum Answer: Sendable {
        /// This body, with this status.
        case xml(String, status: HTTPResponseStatus = .ok)
        /// No answer until the responder stops, as an ILS that hangs.
        case hang
    }

    private struct State {
        var received: [String] = []
        var answers: [Answer] = []
    }

    let app: Application
    private let boundPort = NIOLockedValueBox(0)
    private let state = NIOLockedValueBox(State())
    private let release: AsyncStream<Void>
    private let releases: AsyncStream<Void>.Continuation

    var port: Int { self.boundPort.withLockedValue { $0 } }
    var endpoint: String { "http://127.0.0.1:\(self.port)/ncip" }
    var received: [String] { self.state.withLockedValue { $0.received } }

    private init(app: Application) {
        self.app = app
        (self.release, self.releases) = AsyncStream<Void>.makeStream()
    }

    /// Starts on `port`, or on a free one when 0 (a responder brought back where a stopped one was takes its port).
    static func start(port: Int = 0) async throws -> FakeNCIPResponder {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let responder = FakeNCIPResponder(app: app)
        app.routes.defaultMaxBodySize = "1mb"
        app.post("ncip") { [responder] request async -> Response in
            let body = request.body.data.map { String(buffer: $0) } ?? ""
            try? EmittedXML.keepNCIP(Array(body.utf8))
            let answer = responder.state.withLockedValue { state -> Answer? in
                state.received.append(body)
                return state.answers.count > 1 ? state.answers.removeFirst() : state.answers.first
            }
            switch answer {
            case .xml(let text, let status)?:
                return Response(status: status, headers: ["Content-Type": "application/xml"], body: .init(string: text))
            case .hang?:
                for await _ in responder.release { break }
                return Response(status: .serviceUnavailable)
            case nil:
                return Response(status: .internalServerError, body: .init(string: "<html>no answer set</html>"))
            }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        let port = try #require(app.http.server.shared.localAddress?.port)
        responder.boundPort.withLockedValue { $0 = port }
        return responder
    }

    func answer(_ answers: Answer...) {
        self.state.withLockedValue { $0.answers = answers }
    }

    func stop() async throws {
        self.releases.finish()
        await self.app.server.shutdown()
        try await self.app.asyncShutdown()
    }
}
