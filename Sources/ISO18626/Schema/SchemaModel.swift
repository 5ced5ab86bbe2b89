/// The part of XML Schema the ISO 18626 schemas use, compiled from the official XSD files: elements with
/// sequences and choices of children, simple values (strings, dates, numbers, closed code lists) and attributes.
public struct Schema: Sendable {
    public let targetNamespace: String
    /// The global elements, by name.
    public let elements: [String: ElementDeclaration]
}

/// One element the schema allows and what it may contain. A class, like `Particle`: the validator walks this
/// graph at every element of every message, and passing a reference costs less than copying the fields.
public final class ElementDeclaration: Sendable {
    public let name: String
    public let content: Content
    /// Text of any value and no attributes: the commonest element, checked without looking at its content type.
    let isPlainText: Bool

    init(name: String, content: Content) {
        self.name = name
        self.content = content
        if case .simple(let type) = content, type == .string || type == .anyURI {
            self.isPlainText = true
        } else {
            self.isPlainText = false
        }
    }
}

/// What an element contains.
public enum Content: Sendable {
    /// Text of a simple type, no attributes.
    case simple(SimpleType)
    /// Text of a simple type with attributes, such as a scheme-value pair.
    case simpleWithAttributes(SimpleType, [AttributeDeclaration])
    /// Child elements only.
    case elements(Particle, [AttributeDeclaration])
}

/// A group of children with how often it may occur, with the element names it can start with and contain
/// worked out once at compile time (the validator asks for them at every element).
public final class Particle: Sendable {
    public enum Term: Sendable {
        case element(ElementDeclaration)
        case sequence([Particle])
        case choice([Particle])
    }

    public let term: Term
    public let occurrence: Occurrence
    /// The names a match of this particle can start with. Arrays, not sets: content models are small, and
    /// comparing a few strings is cheaper than hashing one.
    public let firstNames: [String]
    /// Every element name that may appear anywhere in this particle.
    public let allNames: [String]

    init(_ term: Term, _ occurrence: Occurrence) {
        self.term = term
        self.occurrence = occurrence
        func unique(_ names: [String]) -> [String] {
            var seen: Set<String> = []
            return names.filter { seen.insert($0).inserted }
        }
        switch term {
        case .element(let declaration):
            self.firstNames = [declaration.name]
            self.allNames = [declaration.name]
        case .choice(let particles):
            self.firstNames = unique(particles.flatMap(\.firstNames))
            self.allNames = unique(particles.flatMap(\.allNames))
        case .sequence(let particles):
            var names: [String] = []
            for particle in particles {
                names += particle.firstNames
                if particle.occurrence.minimum > 0 { break }
            }
            self.firstNames = unique(names)
            self.allNames = unique(particles.flatMap(\.allNames))
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
