import InterloanXML

/// ISO 18626, the interlibrary loan transactions standard: constants shared by the codec.
public enum ISOProtocol {
    /// The namespace of every version of the schema.
    public static let namespace = "http://illtransactions.org/2013/iso18626"
    /// The version Interloan writes.
    public static let emittedVersion = "1.2"
}

/// A schema version Interloan reads.
public enum SchemaVersion: String, Sendable, CaseIterable {
    case v1_2 = "1.2"
    case v2021_2 = "2021-2"

    /// The version a message's `version` attribute announces: 2021 revisions (also called 1.3) use the 2021-2
    /// schema; anything else, including the 1.0 and 1.1 some systems still write, is read as v1.2.
    public init(announced: String?) {
        let version = announced ?? ""
        self = version.hasPrefix("2021") || version == "1.3" ? .v2021_2 : .v1_2
    }

    /// The compiled official schema.
    public var schema: Schema {
        switch self {
        case .v1_2: return CompiledSchemas.version1_2
        case .v2021_2: return CompiledSchemas.version2021_2
        }
    }
}

/// The official schemas, compiled once on first use.
enum CompiledSchemas {
    static let version1_2 = compile(OfficialSchemas.version1_2)
    static let version2021_2 = compile(OfficialSchemas.version2021_2)
    /// Every element and attribute name of both schemas, for the reader's name table.
    static let allNames: [String] = {
        var names: Set<String> = [
            "ISO18626Message", "version", "scheme", "schemaLocation", ISOProtocol.namespace,
            "http://www.w3.org/2001/XMLSchema-instance",
        ]
        for schema in [version1_2, version2021_2] {
            for declaration in schema.elements.values { collect(declaration, into: &names) }
        }
        return names.sorted()
    }()

    private static func collect(_ declaration: ElementDeclaration, into names: inout Set<String>) {
        guard names.insert(declaration.name).inserted || declaration.name == "ISO18626Message" else { return }
        if case .elements(let particle, _) = declaration.content { self.collect(particle, into: &names) }
    }

    private static func collect(_ particle: Particle, into names: inout Set<String>) {
        switch particle.term {
        case .element(let declaration): self.collect(declaration, into: &names)
        case .sequence(let particles), .choice(let particles):
            for item in particles { self.collect(item, into: &names) }
        }
    }

    private static func compile(_ text: String) -> Schema {
        do {
            return try SchemaCompiler.compile(try XMLReader().parse(text))
        } catch {
            // The schemas are constants compiled into the binary and checked by the tests.
            fatalError("the bundled ISO 18626 schema does not compile: \(error)")
        }
    }
}
