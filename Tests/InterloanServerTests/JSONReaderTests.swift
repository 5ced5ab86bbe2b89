import Foundation
import InterloanCore
import Testing

@testable import InterloanServer

/// Request bodies are read by `JSONReader`: the same values JSONDecoder finds, and the same texts refused.
@Suite struct JSONReaderTests {
    static let valid = [
        "{}", " { } ", "[]", "0", "-0", "-12.5e+3", "1E-2", "true", "false", "null", #""""#,
        #"{"a": [1, 2.5, -3e2, true, false, null, "x"], "b": {"c": {"d": []}}}"#,
        #"{"quote": "\" \\ \/ \b \f \n \r \t", "unicode": "\u00e9\u4e2d\ud83d\udc1f", "raw": "Zoë 中 🐟"}"#,
        #"{"same": 1, "same": 2}"#,
        "\t\n\r {\"spaced\" \n : \r 1 \t } \n", "\u{FEFF}{}",
    ]

    static let invalid = [
        "", " ", "{", "}", "{a:1}", "{\"a\" 1}", "01", "1.", ".5", "-", "1e", "+1", "NaN",
        "Infinity", "1e999", "tru", "nul", "[1 2]", "\"open", "\"tab\there\"", #""\x""#, #""\u12""#, #""\ud83d""#,
        #""\udc1f""#, #""\ud83dx""#, "{} {}", "[]]",
    ]

    @Test(arguments: valid)
    func readsWhatJSONDecoderReads(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONReader.value(of: Array(text.utf8)) == expected)
    }

    @Test(arguments: invalid)
    func refusesWhatJSONDecoderRefuses(_ text: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Array(text.utf8)) }
    }

    /// JSONDecoder on Linux lets a trailing comma through; RFC 8259 does not, and neither does the reader.
    @Test(arguments: ["[1,]", #"{"a":1,}"#, "[,]"])
    func refusesTrailingCommas(_ text: String) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNestingWithoutCrashing() throws {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: [0x22, 0xC3, 0x28, 0x22]) }
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: deep) }
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONReader.value(of: Array(allowed.utf8))
    }
}
