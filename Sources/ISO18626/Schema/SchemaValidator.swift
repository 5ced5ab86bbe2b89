import InterloanXML

/// Checks a parsed message against a compiled schema and returns it normalised: attributes qualified, foreign
/// attributes (such as `xsi:schemaLocation`) and empty `scheme` attributes dropped, dates in canonical form,
/// tolerated omissions filled in, empty optional elements removed, identifier pairs put in the schema's order.
///
/// Strict where it matters: a missing required element or an element out of order is a `BadlyFormedMessage`, an
/// element the schema does not know an `UnrecognisedDataElement`, a value outside a closed list or of the wrong
/// type an `UnrecognisedDataValue`, each naming the element by its path.
public struct SchemaValidator: Sendable {
    public let schema: Schema
    /// Required elements real partners leave out that carry no meaning, with the value they stand for
    /// (ReShare omits the empty `multipleItemRequestId` that v1.2 requires).
    public let toleratedOmissions: [String: String]

    /// Elements of two children that senders write in either order (v1.2 and 2021-2 order them differently), put
    /// in the order of the schema being read.
    static let swappablePairs: Set<String> = ["bibliographicItemId", "bibliographicRecordId"]

    public init(schema: Schema, toleratedOmissions: [String: String] = ["multipleItemRequestId": ""]) {
        self.schema = schema
        self.toleratedOmissions = toleratedOmissions
    }

    /// `node` checked against `declaration` and normalised; `path` names it in errors.
    public func validate(_ node: consuming XMLNode, as declaration: ElementDeclaration, path: String)
        throws(ISO18626Error) -> XMLNode
    {
        var run = Run(validator: self, path: [path])
        // Taking the tree over (not copying it) lets the in-place normalisation below mutate it without
        // copy-on-write duplicating every array of the tree.
        var result = consume node
        try run.validate(&result, as: declaration)
        return result
    }

    /// One validation: the path to the element being checked is kept as a stack of names and only joined into a
    /// string when an error names it, and elements are normalised in place, so a valid message allocates little.
    struct Run {
        let validator: SchemaValidator
        var path: [String]

        var pathText: String { self.path.joined(separator: "/") }

        mutating func validate(_ node: inout XMLNode, as declaration: ElementDeclaration) throws(ISO18626Error) {
            if declaration.isPlainText, node.children.isEmpty, node.attributes.isEmpty { return }
            switch declaration.content {
            case .simple(let type):
                try self.refuseChildren(of: node)
                try self.checkAttributes(of: &node, declared: [])
                try self.checkValue(of: &node, type)
            case .simpleWithAttributes(let type, let declared):
                try self.refuseChildren(of: node)
                try self.checkAttributes(of: &node, declared: declared)
                try self.checkValue(of: &node, type)
            case .elements(let particle, let declared):
                try self.checkAttributes(of: &node, declared: declared)
                guard node.text.utf8.allSatisfy({ XMLNode.isSpace($0) }) else {
                    throw ISO18626Error(
                        .badlyFormedMessage, "\(self.pathText) holds text where only elements are allowed")
                }
                if !node.text.isEmpty { node.text = "" }
                if SchemaValidator.swappablePairs.contains(node.name) { Self.orderPair(&node.children, as: particle) }
                var index = 0
                do {
                    try self.match(particle, &node.children, &index)
                } catch {
                    // An element the schema does not know at all is the better explanation of a failed match.
                    if index < node.children.count, let unknown = self.unknown(node.children[index], in: particle) {
                        throw unknown
                    }
                    throw error
                }
                if index < node.children.count {
                    if let unknown = self.unknown(node.children[index], in: particle) { throw unknown }
                    throw ISO18626Error(
                        .badlyFormedMessage,
                        "\(self.pathText)/\(node.children[index].name) is out of order or repeated too often")
                }
            }
        }

        private mutating func match(
            _ particle: Particle, _ children: inout [XMLNode], _ index: inout Int
        ) throws(ISO18626Error) {
            let occurrence = particle.occurrence
            switch particle.term {
            case .element(let declaration):
                var count = 0
                while count < occurrence.maximum, index < children.count,
                    Self.same(children[index].name, declaration.name),
                    children[index].namespace == self.validator.schema.targetNamespace
                {
                    if occurrence.minimum == 0, Self.isBlank(children[index]) {
                        // Senders that write every field of a structure write unset ones empty; an empty optional
                        // element says nothing, so it is read as absent.
                        children.remove(at: index)
                        continue
                    }
                    self.path.append(declaration.name)
                    try self.validate(&children[index], as: declaration)
                    self.path.removeLast()
                    index += 1
                    count += 1
                }
                if count < occurrence.minimum {
                    guard let stand = self.validator.toleratedOmissions[declaration.name], count == 0 else {
                        throw ISO18626Error(
                            .badlyFormedMessage, "\(self.pathText): the required element \(declaration.name) is missing"
                        )
                    }
                    children.insert(
                        XMLNode(namespace: self.validator.schema.targetNamespace, name: declaration.name, text: stand),
                        at: index)
                    index += 1
                }
            case .sequence(let particles):
                var count = 0
                while count < occurrence.maximum {
                    if count >= occurrence.minimum,
                        index >= children.count || !Self.contains(particle.firstNames, children[index].name)
                    {
                        break
                    }
                    let before = index
                    for item in particles { try self.match(item, &children, &index) }
                    count += 1
                    if index == before, count >= occurrence.minimum { break }
                }
            case .choice(let particles):
                var count = 0
                while count < occurrence.maximum {
                    guard index < children.count,
                        let chosen = particles.first(where: { Self.contains($0.firstNames, children[index].name) })
                    else {
                        if count < occurrence.minimum {
                            let names = particles.flatMap(\.firstNames).sorted().joined(separator: " or ")
                            throw ISO18626Error(.badlyFormedMessage, "\(self.pathText): one of \(names) is required")
                        }
                        break
                    }
                    try self.match(chosen, &children, &index)
                    count += 1
                }
            }
        }

        @inline(__always) static func same(_ first: String, _ second: String) -> Bool {
            XMLNode.same(first, second)
        }

        /// The two children of `children` put in the order of `particle`, a sequence of two elements, when they
        /// came the other way round.
        static func orderPair(_ children: inout [XMLNode], as particle: Particle) {
            guard children.count == 2, case .sequence(let items) = particle.term, items.count == 2,
                case .element(let first) = items[0].term, case .element(let second) = items[1].term,
                Self.same(children[0].name, second.name), Self.same(children[1].name, first.name)
            else { return }
            children.swapAt(0, 1)
        }

        /// No child, no text but white space, and no attribute with a value.
        static func isBlank(_ node: XMLNode) -> Bool {
            node.children.isEmpty && node.attributes.allSatisfy(\.value.isEmpty)
                && node.text.utf8.allSatisfy(XMLNode.isSpace)
        }

        static func contains(_ names: [String], _ name: String) -> Bool {
            names.contains { Self.same($0, name) }
        }

        /// The error for `child` when it has no place anywhere in `particle` (or is in another namespace).
        private func unknown(_ child: XMLNode, in particle: Particle) -> ISO18626Error? {
            let namespace = self.validator.schema.targetNamespace
            guard child.namespace != namespace || !particle.allNames.contains(child.name) else { return nil }
            let name = child.namespace == namespace ? child.name : "{\(child.namespace)}\(child.name)"
            return ISO18626Error(
                .unrecognisedDataElement, "\(self.pathText)/\(name) is not an element of ISO 18626 here")
        }

        private func refuseChildren(of node: XMLNode) throws(ISO18626Error) {
            if let child = node.children.first {
                throw ISO18626Error(
                    .unrecognisedDataElement, "\(self.pathText)/\(child.name) is not an element of ISO 18626 here")
            }
        }

        private func checkValue(of node: inout XMLNode, _ type: SimpleType) throws(ISO18626Error) {
            let value = try SchemaValidator.value(node.text, of: type, path: self.pathText)
            if value != node.text { node.text = value }
        }

        /// Declared attributes are accepted qualified (as the schema says) or unqualified (as some partners write
        /// them); attributes in other namespaces are none of ISO 18626's business and are dropped.
        private func checkAttributes(of node: inout XMLNode, declared: [AttributeDeclaration]) throws(ISO18626Error) {
            if node.attributes.isEmpty && (declared.isEmpty || !declared.contains(where: { $0.required })) { return }
            let namespace = self.validator.schema.targetNamespace
            var result: [XMLAttribute] = []
            for attribute in node.attributes where attribute.namespace == namespace || attribute.namespace.isEmpty {
                // An empty scheme names no scheme, declared here or not.
                if attribute.name == "scheme", attribute.value.isEmpty { continue }
                guard let declaration = declared.first(where: { $0.name == attribute.name }) else {
                    throw ISO18626Error(
                        .unrecognisedDataElement, "\(self.pathText)/@\(attribute.name) is not an attribute of ISO 18626"
                    )
                }
                let value = try SchemaValidator.value(
                    attribute.value, of: declaration.type, path: "\(self.pathText)/@\(attribute.name)")
                result.append(XMLAttribute(namespace: namespace, name: attribute.name, value: value))
            }
            for declaration in declared
            where declaration.required && !result.contains(where: { $0.name == declaration.name }) {
                throw ISO18626Error(
                    .badlyFormedMessage, "\(self.pathText): the required attribute \(declaration.name) is missing")
            }
            node.attributes = result
        }
    }

    static func value(_ text: String, of type: SimpleType, path: @autoclosure () -> String) throws(ISO18626Error)
        -> String
    {
        switch type {
        case .string, .anyURI:
            return text
        case .dateTime:
            if let normalised = DateTimeValue.normalised(Self.trimmed(text)) { return normalised }
            throw Self.badValue(text, path: path(), expected: "a date and time such as 2026-11-30T12:00:00Z")
        case .integer(let minimum):
            let trimmed = Self.trimmed(text)
            if let number = Int(trimmed), number >= (minimum ?? Int.min) { return trimmed }
            throw Self.badValue(
                text, path: path(), expected: minimum.map { "a whole number of at least \($0)" } ?? "a whole number")
        case .decimal:
            let trimmed = Self.trimmed(text)
            if Self.isDecimal(trimmed) { return trimmed }
            throw Self.badValue(text, path: path(), expected: "a decimal number")
        case .boolean:
            let trimmed = Self.trimmed(text)
            if ["true", "false", "1", "0"].contains(trimmed) { return trimmed }
            throw Self.badValue(text, path: path(), expected: "true or false")
        case .enumeration(_, let values):
            let trimmed = Self.trimmed(text)
            if values.contains(where: { XMLNode.same($0, trimmed) }) { return trimmed }
            throw Self.badValue(text, path: path(), expected: "one of \(values.joined(separator: ", "))")
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
