/// An element of a parsed XML document with its namespace resolved; ISO 18626 has no mixed content, so an
/// element's character data is kept as one string beside its child elements.
public struct XMLNode: Sendable, Equatable {
    /// The namespace URI the element's prefix (or the default namespace) was bound to; empty for none.
    public var namespace: String
    public var name: String
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    /// The element's character data, entities decoded, with the text between child elements appended.
    public var text: String

    public init(
        namespace: String, name: String, attributes: [XMLAttribute] = [], children: [XMLNode] = [], text: String = ""
    ) {
        self.namespace = namespace
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child named `name`, whatever its namespace (the validator has checked namespaces already).
    public func child(_ name: String) -> XMLNode? {
        self.index(of: name).map { self.children[$0] }
    }

    /// Every child named `name`, in document order.
    public func children(_ name: String) -> [XMLNode] {
        self.children.filter { Self.same($0.name, name) }
    }

    /// The position of the first child named `name`.
    public func index(of name: String) -> Int? {
        self.children.indices.first { Self.same(self.children[$0].name, name) }
    }

    /// Name equality that rejects names of different lengths before comparing text: most comparisons of element
    /// names are between different names, and a full string comparison costs far more than the length check.
    @inlinable public static func same(_ first: String, _ second: String) -> Bool {
        first.utf8.count == second.utf8.count && first == second
    }

    /// Whether `byte` is XML white space (space, tab, line feed, carriage return).
    @inlinable public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// The value of the attribute with this local name, qualified or not.
    public func attribute(_ name: String) -> String? {
        self.attributes.first { $0.name == name }?.value
    }
}

/// An attribute with its namespace resolved; `xmlns` declarations are not kept.
public struct XMLAttribute: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var value: String

    public init(namespace: String, name: String, value: String) {
        self.namespace = namespace
        self.name = name
        self.value = value
    }
}
