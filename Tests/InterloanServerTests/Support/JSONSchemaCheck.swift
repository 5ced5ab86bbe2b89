import Foundation

/// Checks a decoded JSON value against a JSON Schema (the 2020-12 keywords the OpenAPI document uses), returning
/// each mismatch with the place it was found. Response objects are held closed: a property the schema does not
/// declare is a mismatch unless the schema says `additionalProperties`, so an undocumented field cannot slip out.
struct JSONSchemaCheck {
    /// The document the `$ref`s point into.
    let document: [String: Any]

    func mismatches(_ value: Any, against schema: [String: Any], at place: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            guard let target = self.resolve(reference) else { return ["\(place): unresolvable \(reference)"] }
            return self.mismatches(value, against: target, at: place)
        }
        var found: [String] = []
        if let types = Self.types(schema["type"]), !types.contains(where: { Self.value(value, isOfType: $0) }) {
            return ["\(place): \(Self.describe(value)) is not \(types.joined(separator: " or "))"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.same($0, value) }) {
            found.append("\(place): \(Self.describe(value)) is not one of \(options)")
        }
        if let constant = schema["const"], !Self.same(constant, value) {
            found.append("\(place): \(Self.describe(value)) is not \(constant)")
        }
        if let anyOf = schema["anyOf"] as? [[String: Any]],
            !anyOf.contains(where: { self.mismatches(value, against: $0, at: place).isEmpty })
        {
            found.append("\(place): \(Self.describe(value)) matches none of anyOf")
        }
        if let oneOf = schema["oneOf"] as? [[String: Any]] {
            let matching = oneOf.filter { self.mismatches(value, against: $0, at: place).isEmpty }.count
            if matching != 1 { found.append("\(place): matches \(matching) of oneOf, not exactly one") }
        }
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            found += self.mismatches(value, against: part, at: place)
        }
        if let text = value as? String { found += Self.textMismatches(text, schema, at: place) }
        if let number = value as? NSNumber, !Self.isBoolean(number) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
                found.append("\(place): \(number) is below \(minimum)")
            }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
                found.append("\(place): \(number) is above \(maximum)")
            }
        }
        if let items = value as? [Any], let itemSchema = schema["items"] as? [String: Any] {
            for (index, item) in items.enumerated() {
                found += self.mismatches(item, against: itemSchema, at: "\(place)[\(index)]")
            }
        }
        if let object = value as? [String: Any] { found += self.objectMismatches(object, schema, at: place) }
        return found
    }

    private func objectMismatches(_ object: [String: Any], _ schema: [String: Any], at place: String) -> [String] {
        var found: [String] = []
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for name in schema["required"] as? [String] ?? [] where object[name] == nil {
            found.append("\(place): required \(name) is missing")
        }
        for (name, member) in object.sorted(by: { $0.key < $1.key }) {
            if let declared = properties[name] as? [String: Any] {
                found += self.mismatches(member, against: declared, at: "\(place).\(name)")
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                found += self.mismatches(member, against: additional, at: "\(place).\(name)")
            } else if schema["additionalProperties"] as? Bool != true, !properties.isEmpty || schema["type"] != nil {
                found.append("\(place): \(name) is not in the schema")
            }
        }
        return found
    }

    private static func textMismatches(_ text: String, _ schema: [String: Any], at place: String) -> [String] {
        var found: [String] = []
        if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(place): \"\(text)\" does not match \(pattern)")
        }
        if let longest = schema["maxLength"] as? Int, text.count > longest {
            found.append("\(place): longer than \(longest)")
        }
        if let shortest = schema["minLength"] as? Int, text.count < shortest {
            found.append("\(place): shorter than \(shortest)")
        }
        switch schema["format"] as? String {
        case "date" where text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil:
            found.append("\(place): \"\(text)\" is not a date")
        case "date-time" where ISO8601DateFormatter().date(from: text) == nil:
            found.append("\(place): \"\(text)\" is not a date-time")
        default: break
        }
        return found
    }

    private func resolve(_ reference: String) -> [String: Any]? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any? = self.document
        for key in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] }
        return node as? [String: Any]
    }

    private static func types(_ declared: Any?) -> [String]? {
        if let one = declared as? String { return [one] }
        return declared as? [String]
    }

    private static func value(_ value: Any, isOfType type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(Self.isBoolean) ?? false
        case "integer":
            guard let number = value as? NSNumber, !Self.isBoolean(number) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return (value as? NSNumber).map { !Self.isBoolean($0) } ?? false
        default: return false
        }
    }

    /// JSONSerialization gives booleans as numbers of the C type `char`, and never a number of that type otherwise.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }

    private static func same(_ left: Any, _ right: Any) -> Bool {
        switch (left, right) {
        case (let left as String, let right as String): left == right
        case (let left as NSNumber, let right as NSNumber): left == right
        case (is NSNull, is NSNull): true
        default: false
        }
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let text as String: "\"\(text.prefix(40))\""
        case is [String: Any]: "an object"
        case is [Any]: "an array"
        default: "\(value)"
        }
    }
}
