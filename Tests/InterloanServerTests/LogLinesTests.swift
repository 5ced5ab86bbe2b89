import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import InterloanServer

/// Log lines as collectors read them, and the request id that ties a request's lines and its answer together.
@Suite struct LogLinesTests {
    @Test func aJSONLineHoldsTheMessageLevelLabelAndMetadataOnOneLine() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "interloan.test") { label in
            JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
        }
        logger[metadataKey: "request-id"] = "r-1"
        logger.debug("not at info")
        logger.warning("two\nlines \"quoted\"", metadata: ["table": "requests"])
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == "two\nlines \"quoted\"")
        #expect(object["level"] == "warning")
        #expect(object["label"] == "interloan.test")
        #expect(object["request-id"] == "r-1")
        #expect(object["table"] == "requests")
        #expect(object["time"].flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
    }

    @Test func theFormatIsTextOrJSONAndNothingElse() throws {
        #expect(try LogFormat.fromEnvironment([:]) == .text)
        #expect(try LogFormat.fromEnvironment(["LOG_FORMAT": "JSON"]) == .json)
        #expect(throws: SettingsError.self) { try LogFormat.fromEnvironment(["LOG_FORMAT": "xml"]) }
    }

    @Test func everyAnswerCarriesARequestIdAndOnlyAPlainOneIsTakenFromTheClient() async throws {
        try await withTestApp { context in
            func answer(_ given: String?) async throws -> String? {
                var id: String?
                var headers = HTTPHeaders()
                if let given { headers.add(name: .xRequestId, value: given) }
                try await context.app.testing().test(.GET, "/health", headers: headers) {
                    id = $0.headers.first(name: .xRequestId)
                }
                return id
            }
            #expect(try await answer("proxy-7f3a.1_b") == "proxy-7f3a.1_b")
            for hostile in [String(repeating: "a", count: 65), "a b", "<script>", "id%0d%0aSet-Cookie"] {
                let id = try #require(try await answer(hostile))
                #expect(id != hostile)
                #expect(UUID(uuidString: id) != nil)
            }
            let fresh = try #require(try await answer(nil))
            #expect(UUID(uuidString: fresh) != nil)
            #expect(try await answer(nil) != fresh)
        }
    }
}
