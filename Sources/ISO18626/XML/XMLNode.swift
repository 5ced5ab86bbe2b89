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
        self.children.first { $0.name == name }
    }

    /// Every child named `name`, in document order.
    public func children(_ name: String) -> [XMLNode] {
        self.children.filter { $0.name == name }
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
