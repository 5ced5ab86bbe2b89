import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// The ILS secret and the patron id an NCIP call carries reach the ILS and nothing else: no log line at trace
    /// level, no API answer, whether the ILS answers, refuses or cannot be reached.
    @Suite struct ILSSecretLogTests {
        static let secret = "ils-secret-LOG-7731"
        static let patron = "BC-55810-PRIV"

        static func connect(_ context: TestContext, to endpoint: String) async throws {
            let json = """
                {"protocol": "ncip", "endpoint": "\(endpoint)", "fromAgencyId": "Interloan", "toAgencyId": "BOR-MAIN",
                 "authentication": "\(Self.secret)", "lendingPatronId": "ILL-LENDING"}
                """
            #expect(try await context.call(.PUT, "/api/v1/libraries/BOR/ils", as: "BOR", json: json).status == .ok)
        }

        @Test func neitherTheSecretNorThePatronIdIsLoggedOrAnswered() async throws {
            try await ILSOutboxTests.withResponder { responder in
                try await withTestApp { context in
                    let lines = NIOLockedValueBox<[String]>([])
                    context.app.logger = Logger(label: "interloan") { label in
                        RedactingLogHandler(
                            JSONLogHandler(label: label, level: .trace) { line in
                                lines.withLockedValue { $0.append(line) }
                            })
                    }
                    context.app.logger.logLevel = .trace
                    try await Self.connect(context, to: responder.endpoint)
                    responder.answer(ILSProblemsQueueTests.unknownUser)
                    let id = try await context.place(
                        #"{"title": "The Salt Atlas", "lenders": ["LEN"], "patron": {"id": "\#(Self.patron)"}}"#)
                    try await context.app.ilsOutbox.deliverDue()
                    let call = try #require(try await ILSOutboxTests.calls(context).first?.id)
                    // Nothing listens on the discard port: the retry finds the ILS unreachable.
                    try await Self.connect(context, to: "http://127.0.0.1:9/ncip")
                    _ = try await context.call(.POST, "/api/v1/requests/\(id)/ils/\(call)/retry", as: "BOR")
                    try await context.app.ilsOutbox.deliverDue()
                    #expect(
                        try await ILSOutboxTests.calls(context).first?.problem?.contains("could not be reached") == true
                    )
                    #expect(responder.received.first?.contains(Self.secret) == true, "the ILS itself gets it")

                    var answers: [String] = []
                    for path in ["/api/v1/libraries/BOR/ils", "/api/v1/requests/\(id)/ils", "/api/v1/requests/\(id)"] {
                        let (_, body) = try await context.call(.GET, path, as: "BOR")
                        answers.append("\(body ?? "")")
                    }
                    #expect(answers.allSatisfy { !$0.contains(Self.secret) })
                    let logged = lines.withLockedValue { $0 }
                    #expect(logged.count > 20, "the run logged at trace level")
                    for value in [Self.secret, Self.patron] {
                        let leaks = logged.filter { $0.contains(value) }
                        #expect(leaks.isEmpty, "\(value) in \(leaks.prefix(2))")
                    }
                }
            }
        }
    }
}
