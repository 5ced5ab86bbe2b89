/// Checks a parsed message against a compiled schema and returns it normalised: attributes qualified, foreign
/// attributes (such as `xsi:schemaLocation`) dropped, dates in canonical form, tolerated omissions filled in.
///
/// Strict where it matters: a missing required element or an element out of order is a `BadlyFormedMessage`, an
/// element the schema does not know an `UnrecognisedDataElement`, a value outside a closed list or of the wrong
/// type an `UnrecognisedDataValue`, each naming the element by its path.
public struct SchemaValidator: Sendable {
    public let schema: Schema
    /// Required elements real partners leave out that carry no meaning, with the value they stand for
    /// (ReShare omits the empty `multipleItemRequestId` that v1.2 requires).
    public let toleratedOmissions: [String: String]

    public init(schema: Schema, toleratedOmissions: [String: String] = ["multipleItemRequestId": ""]) {
        self.schema = schema
        self.toleratedOmissions = toleratedOmissions
    }

    public func validate(_ node: XMLNode, as declaration: ElementDeclaration, path: String) throws(ISO18626Error)
        -> XMLNode
    {
        var result = XMLNode(namespace: self.schema.targetNamespace, name: declaration.name)
        switch declaration.content {
        case .simple(let type):
            try self.refuseChildren(of: node, path: path)
            result.attributes = try self.attributes(of: node, declared: [], path: path)
            result.text = try Self.value(node.text, of: type, path: path)
        case .simpleWithAttributes(let type, let declared):
            try self.refuseChildren(of: node, path: path)
            result.attributes = try self.attributes(of: node, declared: declared, path: path)
            result.text = try Self.value(node.text, of: type, path: path)
        case .elements(let particle, let declared):
            result.attributes = try self.attributes(of: node, declared: declared, path: path)
            guard node.text.allSatisfy(\.isWhitespace) else {
                throw ISO18626Error(.badlyFormedMessage, "\(path) holds text where only elements are allowed")
            }
            let known = particle.allNames
            for child in node.children {
                guard child.namespace == self.schema.targetNamespace, known.contains(child.name) else {
                    let name = child.namespace == self.schema.targetNamespace ? child.name : "{\(child.namespace)}\(child.name)"
                    throw ISO18626Error(.unrecognisedDataElement, "\(path)/\(name) is not an element of ISO 18626 here")
                }
            }
            var index = 0
            result.children.reserveCapacity(node.children.count + 1)
            try self.match(particle, node.children, &index, into: &result.children, path: path)
            if index < node.children.count {
                throw ISO18626Error(
                    .badlyFormedMessage, "\(path)/\(node.children[index].name) is out of order or repeated too often")
            }
        }
        return result
    }

    private func match(
        _ particle: Particle, _ children: [XMLNode], _ index: inout Int, into output: inout [XMLNode], path: String
    ) throws(ISO18626Error) {
        switch particle {
        case .element(let declaration, let occurrence):
            var count = 0
            while count < occurrence.maximum, index < children.count, children[index].name == declaration.name {
                output.append(try self.validate(children[index], as: declaration, path: "\(path)/\(declaration.name)"))
                index += 1
                count += 1
            }
            if count < occurrence.minimum {
                guard let stand = self.toleratedOmissions[declaration.name], count == 0 else {
                    throw ISO18626Error(.badlyFormedMessage, "\(path): the required element \(declaration.name) is missing")
                }
                output.append(XMLNode(namespace: self.schema.targetNamespace, name: declaration.name, text: stand))
            }
        case .sequence(let particles, let occurrence):
            var count = 0
            let first = particle.firstNames
            while count < occurrence.maximum {
                if count >= occurrence.minimum, index >= children.count || !first.contains(children[index].name) { break }
                let before = index
                for item in particles { try self.match(item, children, &index, into: &output, path: path) }
                count += 1
                if index == before, count >= occurrence.minimum { break }
            }
        case .choice(let particles, let occurrence):
            var count = 0
            while count < occurrence.maximum {
                guard index < children.count,
                    let chosen = particles.first(where: { $0.firstNames.contains(children[index].name) })
                else {
                    if count < occurrence.minimum {
                        let names = particles.flatMap(\.firstNames).sorted().joined(separator: " or ")
                        throw ISO18626Error(.badlyFormedMessage, "\(path): one of \(names) is required")
                    }
                    break
                }
                try self.match(chosen, children, &index, into: &output, path: path)
                count += 1
            }
        }
    }

    private func refuseChildren(of node: XMLNode, path: String) throws(ISO18626Error) {
        if let child = node.children.first {
            throw ISO18626Error(.unrecognisedDataElement, "\(path)/\(child.name) is not an element of ISO 18626 here")
        }
    }

    /// Declared attributes are accepted qualified (as the schema says) or unqualified (as some partners write
    /// them); attributes in other namespaces are none of ISO 18626's business and are dropped.
    private func attributes(of node: XMLNode, declared: [AttributeDeclaration], path: String) throws(ISO18626Error)
        -> [XMLAttribute]
    {
        var result: [XMLAttribute] = []
        for attribute in node.attributes
        where attribute.namespace == self.schema.targetNamespace || attribute.namespace.isEmpty {
            guard let declaration = declared.first(where: { $0.name == attribute.name }) else {
                throw ISO18626Error(.unrecognisedDataElement, "\(path)/@\(attribute.name) is not an attribute of ISO 18626")
            }
            let value = try Self.value(attribute.value, of: declaration.type, path: "\(path)/@\(attribute.name)")
            result.append(XMLAttribute(namespace: self.schema.targetNamespace, name: attribute.name, value: value))
        }
        for declaration in declared where declaration.required && !result.contains(where: { $0.name == declaration.name }) {
            throw ISO18626Error(.badlyFormedMessage, "\(path): the required attribute \(declaration.name) is missing")
        }
        return result
    }

    static func value(_ text: String, of type: SimpleType, path: String) throws(ISO18626Error) -> String {
        switch type {
        case .string, .anyURI:
            return text
        case .dateTime:
            if let normalised = DateTimeValue.normalised(Self.trimmed(text)) { return normalised }
            throw Self.badValue(text, path: path, expected: "a date and time such as 2026-11-30T12:00:00Z")
        case .integer(let minimum):
            let trimmed = Self.trimmed(text)
            if let number = Int(trimmed), number >= (minimum ?? Int.min) { return trimmed }
            throw Self.badValue(text, path: path, expected: minimum.map { "a whole number of at least \($0)" } ?? "a whole number")
        case .decimal:
            let trimmed = Self.trimmed(text)
            if Self.isDecimal(trimmed) { return trimmed }
            throw Self.badValue(text, path: path, expected: "a decimal number")
        case .boolean:
            let trimmed = Self.trimmed(text)
            if ["true", "false", "1", "0"].contains(trimmed) { return trimmed }
            throw Self.badValue(text, path: path, expected: "true or false")
        case .enumeration(_, let values):
            let trimmed = Self.trimmed(text)
            if values.contains(trimmed) { return trimmed }
            throw Self.badValue(text, path: path, expected: "one of \(values.joined(separator: ", "))")
        }
    }

    private static func badValue(_ text: String, path: String, expected: String) -> ISO18626Error {
        let shown = text.count > 64 ? String(text.prefix(64)) + "..." : text
        return ISO18626Error(.unrecognisedDataValue, "\(path): '\(shown)' is not \(expected)")
    }

    private static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last,
            first <= 0x20 || last <= 0x20
        else { return text }
        return String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    private static func isDecimal(_ text: String) -> Bool {
        var digits = 0
        var dots = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            case 0x2B where offset == 0, 0x2D where offset == 0: continue
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
