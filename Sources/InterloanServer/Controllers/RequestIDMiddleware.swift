import Foundation
import Vapor

/// Every answer carries `X-Request-Id`, and every log line of its request the same `request-id`: the client's
/// (or its proxy's) own id when it is a plain token of at most 64 letters, digits, `-`, `_` and `.`, so a log
/// collector can follow one request across systems; a fresh UUID otherwise, so no client text of another shape
/// reaches a log line or a header.
struct RequestIDMiddleware: AsyncMiddleware {
    static let longest = 64

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.isPlain(request.id) ? request.id : UUID().uuidString
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        return response
    }

    static func isPlain(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= Self.longest
            && bytes.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }
}
