import InterloanCore
import Vapor

/// Any JSON value; request bodies are read into it first so every field can be checked and reported at once.
enum JSONValue: Decodable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var raw: RawArgument {
        switch self {
        case .string(let text): return .string(text)
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .array(let items): return .list(items.map(\.raw))
        case .null: return .null
        case .object: return .other
        }
    }
}

extension Request {
    /// The body as a JSON object; an empty body counts as `{}`. Anything else is a 400 that says what was wrong.
    func jsonObject() throws -> [String: JSONValue] {
        guard let buffer = self.body.data, buffer.readableBytes > 0 else { return [:] }
        // Streaming bodies are capped while they are collected; this also covers bodies that arrived whole.
        guard buffer.readableBytes <= self.application.routes.defaultMaxBodySize.value else {
            throw Abort(.payloadTooLarge, reason: "the body is larger than \(self.application.routes.defaultMaxBodySize.value) bytes")
        }
        if let contentType = self.headers.first(name: .contentType), !Self.namesJSON(contentType) {
            throw Abort(.unsupportedMediaType, reason: "send the body as application/json")
        }
        let value: JSONValue
        do {
            value = try JSONReader.value(of: Array(buffer.readableBytesView))
        } catch {
            throw APIError.malformedBody("the body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw APIError.malformedBody("the body must be a JSON object")
        }
        return object
    }

    /// Whether a Content-Type value is `application/json`, with or without parameters, in any letter case.
    /// Read by hand: Vapor's parsed `contentType` goes through Foundation's string search on every call.
    static func namesJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let trimmed = mediaType.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        let lowercased = trimmed.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        return lowercased.elementsEqual("application/json".utf8)
    }
}
