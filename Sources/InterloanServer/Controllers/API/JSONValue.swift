import InterloanCore
import Vapor

extension Request {
    /// The body as a JSON object; an empty body counts as `{}`. Anything else is a 400 that says what was wrong.
    func jsonObject() throws -> [String: JSONValue] {
        guard let buffer = self.body.data, buffer.readableBytes > 0 else { return [:] }
        // Streaming bodies are capped while they are collected; this also covers bodies that arrived whole.
        guard buffer.readableBytes <= self.application.routes.defaultMaxBodySize.value else {
            throw Abort(
                .payloadTooLarge,
                reason: "the body is larger than \(self.application.routes.defaultMaxBodySize.value) bytes")
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
