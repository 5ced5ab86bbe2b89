import Foundation

/// One operation of the OpenAPI document, described by what it does rather than by its answers: who may call it,
/// what it takes, whether it finds something by its path, whether it can be refused for the state of things.
/// The statuses it can answer follow from that, so each is documented exactly once and none is forgotten.
struct OpenAPIOperation {
    /// Who may call an operation; every refusal answers with the `Error` schema.
    enum Access: String {
        /// No token needed.
        case anyone
        /// Any API token: a library's staff see and act on their own library's business, the team on everyone's.
        case staff
        /// A team (or admin) token only.
        case team
        /// An admin token only.
        case admin

        var roles: [String] {
            switch self {
            case .anyone: return ["anyone"]
            case .staff: return ["staff", "team", "admin"]
            case .team: return ["team", "admin"]
            case .admin: return ["admin"]
            }
        }
    }

    var summary: String
    var access: Access
    var success: String = "200"
    /// The success answer's schema; nil for an answer without a body.
    var response: [String: Any]?
    /// Other media types the success answer may come in (chosen by a query parameter), by media type.
    var otherResponses: [String: [String: Any]] = [:]
    var parameters: [[String: Any]] = []
    /// The JSON body's schema.
    var body: [String: Any]?
    /// Whether a body must be sent; without one, the server reads `{}`, which is enough where no field is required.
    var bodyRequired = true
    /// Other media types the body may come in, by media type.
    var otherBodies: [String: [String: Any]] = [:]
    /// Staff of another library are refused (403) even with a valid token.
    var ownLibraryOnly = false
    /// The path names something that may not exist (404).
    var findsByPath = false
    /// The lifecycle or the stored state may refuse it (409).
    var mayConflict = false
    /// Query parameters or body fields are checked (422).
    var checksInput = false
    /// The body may exceed the size limit (413).
    var largestBody: String?
    /// The schema of a 503 answer, for an operation that reports the server not ready rather than refusing.
    var unavailable: [String: Any]?

    func json() -> [String: Any] {
        var responses: [String: Any] = [
            self.success: self.response.map {
                var content = self.otherResponses.mapValues { ["schema": $0] as [String: Any] }
                content["application/json"] = ["schema": $0]
                return ["description": "success", "content": content] as [String: Any]
            }
                ?? ["description": "success, no content"]
        ]
        func refusal(_ status: String, _ meaning: String) {
            responses[status] = [
                "description": meaning, "content": ["application/json": ["schema": OpenAPIDocument.ref("Error")]],
            ]
        }
        if self.access != .anyone { refusal("401", "no bearer token, or one that is unknown or revoked") }
        if self.access == .team || self.access == .admin || self.ownLibraryOnly {
            refusal("403", "the token's role or library may not do this (see x-roles)")
        }
        if self.findsByPath { refusal("404", "nothing by that name, or nothing this caller may see") }
        if self.mayConflict { refusal("409", "not allowed in the current state; names the actions that are") }
        let hasBody = self.body != nil || !self.otherBodies.isEmpty
        if self.checksInput || hasBody { refusal("422", "invalid fields or parameters, each named") }
        if hasBody {
            refusal("400", "the body is not well-formed (JSON that does not parse, not an object, not UTF-8)")
            refusal("413", "the body is larger than \(self.largestBody ?? "256 KiB")")
            refusal("415", "the body is not of a media type this operation reads")
        }
        if let unavailable = self.unavailable {
            responses["503"] = [
                "description": "not ready; the reason says why",
                "content": ["application/json": ["schema": unavailable]],
            ]
        }
        var operation: [String: Any] = [
            "summary": self.summary, "responses": responses, "x-roles": self.access.roles,
            "description": "Who may call it: \(self.access.roles.joined(separator: ", "))."
                + (self.ownLibraryOnly ? " Staff only for their own library." : ""),
        ]
        if self.access == .anyone { operation["security"] = [[String: Any]]() }
        if !self.parameters.isEmpty { operation["parameters"] = self.parameters }
        if hasBody {
            var content = self.otherBodies.mapValues { ["schema": $0] as [String: Any] }
            if let body = self.body { content["application/json"] = ["schema": body] }
            operation["requestBody"] = ["required": self.bodyRequired, "content": content]
        }
        return operation
    }
}
