import InterloanCore

/// Each lifecycle action as an operation of its own, its body built from the action's declared fields, so the
/// document cannot drift from what the transition table accepts.
extension OpenAPIDocument {
    static func actionOperation(_ action: Action) -> OpenAPIOperation {
        OpenAPIOperation(
            summary:
                "\(action.label) (\(action.rawValue)); whether it is allowed now is in the request's allowedActions",
            access: .staff, response: ref("Request"), parameters: [requestPath], body: self.actionBody(action),
            bodyRequired: action.fields.contains(where: \.isRequired), ownLibraryOnly: true, findsByPath: true,
            mayConflict: true)
    }

    static func actionBody(_ action: Action) -> [String: Any] {
        var properties: [String: Any] = [:]
        var required: [String] = []
        for field in action.fields {
            var schema = self.schema(of: field.kind)
            if field.isRequired {
                required.append(field.name)
                if field.kind == .text { schema = self.requiredText(2000) }
            } else {
                // An optional field may be sent as null or blank, which means "not given".
                schema = self.optional(schema)
            }
            schema["description"] = field.label
            properties[field.name] = schema
        }
        return self.object(properties, required: required, closed: true)
    }

    private static func schema(of kind: ActionField.Kind) -> [String: Any] {
        switch kind {
        case .text: return ["type": "string", "maxLength": 2000]
        case .date: return ["type": "string", "format": "date"]
        case .boolean: return ["anyOf": [["type": "boolean"], ["type": "string", "enum": ["true", "false"]]]]
        case .choice(let choices): return ["type": "string", "enum": choices]
        case .symbols: return self.symbols
        }
    }
}
