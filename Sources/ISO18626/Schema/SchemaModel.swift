/// The part of XML Schema the ISO 18626 schemas use, compiled from the official XSD files: elements with
/// sequences and choices of children, simple values (strings, dates, numbers, closed code lists) and attributes.
public struct Schema: Sendable {
    public let targetNamespace: String
    /// The global elements, by name.
    public let elements: [String: ElementDeclaration]
}

/// One element the schema allows and what it may contain.
public struct ElementDeclaration: Sendable {
    public let name: String
    public let content: Content
}

/// What an element contains.
public indirect enum Content: Sendable {
    /// Text of a simple type, no attributes.
    case simple(SimpleType)
    /// Text of a simple type with attributes, such as a scheme-value pair.
    case simpleWithAttributes(SimpleType, [AttributeDeclaration])
    /// Child elements only.
    case elements(Particle, [AttributeDeclaration])
}

/// A group of children with how often it may occur.
public indirect enum Particle: Sendable {
    case element(ElementDeclaration, Occurrence)
    case sequence([Particle], Occurrence)
    case choice([Particle], Occurrence)

    var occurrence: Occurrence {
        switch self {
        case .element(_, let occurrence), .sequence(_, let occurrence), .choice(_, let occurrence): return occurrence
        }
    }

    /// The names a match of this particle can start with.
    var firstNames: Set<String> {
        switch self {
        case .element(let declaration, _):
            return [declaration.name]
        case .choice(let particles, _):
            return particles.reduce(into: []) { $0.formUnion($1.firstNames) }
        case .sequence(let particles, _):
            var names: Set<String> = []
            for particle in particles {
                names.formUnion(particle.firstNames)
                if particle.occurrence.minimum > 0 { break }
            }
            return names
        }
    }

    /// Every element name that may appear anywhere in this particle.
    var allNames: Set<String> {
        switch self {
        case .element(let declaration, _):
            return [declaration.name]
        case .choice(let particles, _), .sequence(let particles, _):
            return particles.reduce(into: []) { $0.formUnion($1.allNames) }
        }
    }
}

/// `minOccurs` and `maxOccurs`; `Int.max` stands for unbounded.
public struct Occurrence: Sendable, Equatable {
    public let minimum: Int
    public let maximum: Int

    public static let once = Occurrence(minimum: 1, maximum: 1)
}

/// An attribute the schema declares on an element.
public struct AttributeDeclaration: Sendable {
    public let name: String
    public let type: SimpleType
    public let required: Bool
}

/// The value types the ISO 18626 schemas use.
public enum SimpleType: Sendable, Equatable {
    case string
    case anyURI
    case dateTime
    case integer(minimum: Int?)
    case decimal
    case boolean
    /// A closed code list, named as in the schema (`type_status`).
    case enumeration(name: String, values: [String])
}
