import InterloanXML

/// Compiles an XSD document into a `Schema`, supporting exactly the constructs the ISO 18626 schemas use and
/// refusing any other, so a future schema with a new construct fails loudly instead of validating loosely.
public struct SchemaCompiler {
    static let xsd = "http://www.w3.org/2001/XMLSchema"

    /// Why an XSD could not be compiled; a programming error in the bundled schemas, caught by the tests.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let root: XMLNode
    private let globalElements: [String: XMLNode]
    private let complexTypes: [String: XMLNode]
    private let simpleTypes: [String: XMLNode]

    public static func compile(_ document: XMLNode) throws -> Schema {
        let compiler = SchemaCompiler(document)
        var elements: [String: ElementDeclaration] = [:]
        for name in compiler.globalElements.keys {
            elements[name] = try compiler.globalElement(name)
        }
        return Schema(targetNamespace: document.attribute("targetNamespace") ?? "", elements: elements)
    }

    private init(_ root: XMLNode) {
        self.root = root
        func named(_ kind: String) -> [String: XMLNode] {
            Dictionary(
                root.children.filter { $0.name == kind }.compactMap { node in node.attribute("name").map { ($0, node) }
                },
                uniquingKeysWith: { first, _ in first })
        }
        self.globalElements = named("element")
        self.complexTypes = named("complexType")
        self.simpleTypes = named("simpleType")
    }

    private func globalElement(_ name: String) throws -> ElementDeclaration {
        guard let node = self.globalElements[name] else { throw Failure(description: "no global element \(name)") }
        return try self.declaration(node)
    }

    private func declaration(_ node: XMLNode) throws -> ElementDeclaration {
        if let reference = node.attribute("ref") { return try self.globalElement(Self.local(reference)) }
        guard let name = node.attribute("name") else { throw Failure(description: "an element without a name") }
        if let type = node.attribute("type") {
            return ElementDeclaration(name: name, content: try self.content(ofType: Self.local(type), prefixed: type))
        }
        if let complexType = node.child("complexType") {
            return ElementDeclaration(name: name, content: try self.complexContent(complexType))
        }
        if let simpleType = node.child("simpleType") {
            return ElementDeclaration(name: name, content: .simple(try self.simpleType(simpleType, name: name)))
        }
        return ElementDeclaration(name: name, content: .simple(.string))
    }

    private func content(ofType name: String, prefixed: String) throws -> Content {
        if prefixed.hasPrefix("xs:") { return .simple(try Self.builtIn(name)) }
        if let complexType = self.complexTypes[name] { return try self.complexContent(complexType) }
        return .simple(try self.namedSimpleType(name))
    }

    private func complexContent(_ node: XMLNode) throws -> Content {
        let attributes = try node.children("attribute").map(self.attribute)
        if let simpleContent = node.child("simpleContent") {
            guard let extensionNode = simpleContent.child("extension"), let base = extensionNode.attribute("base")
            else {
                throw Failure(description: "simpleContent without an extension")
            }
            let baseType = try self.simpleTypeReference(base)
            return .simpleWithAttributes(baseType, try extensionNode.children("attribute").map(self.attribute))
        }
        let groups = node.children.filter { ["sequence", "choice"].contains($0.name) }
        guard groups.count == 1 else { throw Failure(description: "a complex type needs one sequence or choice") }
        return .elements(try self.particle(groups[0]), attributes)
    }

    private func particle(_ node: XMLNode) throws -> Particle {
        let occurrence = try Self.occurrence(node)
        switch node.name {
        case "element":
            return Particle(.element(try self.declaration(node)), occurrence)
        case "sequence":
            return Particle(.sequence(try self.particles(in: node)), occurrence)
        case "choice":
            return Particle(.choice(try self.particles(in: node)), occurrence)
        default:
            throw Failure(description: "unsupported construct xs:\(node.name)")
        }
    }

    private func particles(in node: XMLNode) throws -> [Particle] {
        try node.children.filter { $0.name != "annotation" }.map(self.particle)
    }

    private func attribute(_ node: XMLNode) throws -> AttributeDeclaration {
        guard let name = node.attribute("name"), let type = node.attribute("type") else {
            throw Failure(description: "an attribute needs a name and a type")
        }
        return AttributeDeclaration(
            name: name, type: try self.simpleTypeReference(type), required: node.attribute("use") == "required")
    }

    private func simpleTypeReference(_ type: String) throws -> SimpleType {
        type.hasPrefix("xs:") ? try Self.builtIn(Self.local(type)) : try self.namedSimpleType(Self.local(type))
    }

    private func namedSimpleType(_ name: String) throws -> SimpleType {
        guard let node = self.simpleTypes[name] else { throw Failure(description: "no type \(name)") }
        return try self.simpleType(node, name: name)
    }

    private func simpleType(_ node: XMLNode, name: String) throws -> SimpleType {
        guard let restriction = node.child("restriction"), let base = restriction.attribute("base") else {
            throw Failure(description: "simple type \(name) is not a restriction")
        }
        let values = restriction.children("enumeration").compactMap { $0.attribute("value") }
        if !values.isEmpty { return .enumeration(name: name, values: values) }
        if let minimum = restriction.child("minInclusive")?.attribute("value").flatMap({ Int($0) }) {
            return .integer(minimum: minimum)
        }
        return try self.simpleTypeReference(base)
    }

    private static func builtIn(_ name: String) throws -> SimpleType {
        switch name {
        case "string": return .string
        case "anyURI": return .anyURI
        case "dateTime": return .dateTime
        case "integer": return .integer(minimum: nil)
        case "decimal": return .decimal
        case "boolean": return .boolean
        default: throw Failure(description: "unsupported built-in type xs:\(name)")
        }
    }

    private static func occurrence(_ node: XMLNode) throws -> Occurrence {
        let minimum = Int(node.attribute("minOccurs") ?? "1")
        let maximumText = node.attribute("maxOccurs") ?? "1"
        let maximum = maximumText == "unbounded" ? Int.max : Int(maximumText)
        guard let minimum, let maximum, minimum <= maximum else {
            throw Failure(description: "bad minOccurs/maxOccurs on \(node.name)")
        }
        return Occurrence(minimum: minimum, maximum: maximum)
    }

    private static func local(_ qualifiedName: String) -> String {
        qualifiedName.split(separator: ":").last.map(String.init) ?? qualifiedName
    }
}
