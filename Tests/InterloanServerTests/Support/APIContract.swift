import Foundation
import Testing
import Vapor

@testable import InterloanServer

/// The served OpenAPI document as the judge of every API answer the tests receive: the operation must exist, the
/// status must be one it declares, and the body must match the schema declared for that status.
enum APIContract {
    nonisolated(unsafe) static let document: [String: Any] =
        (try? JSONSerialization.jsonObject(with: OpenAPIDocument.json())) as? [String: Any] ?? [:]

    /// Records an issue in the running test for each way the answer departs from the document.
    static func check(_ method: HTTPMethod, _ target: String, status: HTTPResponseStatus, body: Data) {
        let path = String(target.prefix { $0 != "?" })
        guard path.hasPrefix("/api/") || ["/health", "/ready"].contains(path) else { return }
        for problem in self.mismatches(method, path, status: status, body: body) {
            Issue.record("\(method) \(target) answered \(status.code) against the OpenAPI document: \(problem)")
        }
    }

    static func mismatches(_ method: HTTPMethod, _ path: String, status: HTTPResponseStatus, body: Data) -> [String] {
        let json = body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: body, options: .fragmentsAllowed)
        if !body.isEmpty, json == nil { return ["the body is not JSON"] }
        let check = JSONSchemaCheck(document: self.document)
        guard let operation = self.operation(method, path) else {
            if (200..<300).contains(status.code) { return ["no operation is documented for it"] }
            guard let json else { return [] }
            return check.mismatches(json, against: ["$ref": "#/components/schemas/Error"])
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let response = responses[String(status.code)] as? [String: Any] else {
            return ["the operation declares no \(status.code) answer (it declares \(responses.keys.sorted()))"]
        }
        let content = response["content"] as? [String: Any]
        let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        switch (schema, json) {
        case (nil, nil): return []
        case (nil, _?): return ["a body where the document declares none"]
        case (_?, nil): return ["no body where the document declares one"]
        case (let schema?, let json?): return check.mismatches(json, against: schema)
        }
    }

    /// The documented operation for a concrete path: the template that matches it with the most fixed segments.
    static func operation(_ method: HTTPMethod, _ path: String) -> [String: Any]? {
        let segments = path.split(separator: "/")
        let paths = self.document["paths"] as? [String: [String: Any]] ?? [:]
        let matching = paths.compactMap { template, operations -> (fixed: Int, operation: [String: Any])? in
            let parts = template.split(separator: "/")
            guard parts.count == segments.count,
                zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }),
                let operation = operations[method.rawValue.lowercased()] as? [String: Any]
            else { return nil }
            return (parts.filter { !$0.hasPrefix("{") }.count, operation)
        }
        return matching.max { $0.fixed < $1.fixed }?.operation
    }
}
