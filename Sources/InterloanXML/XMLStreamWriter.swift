import Foundation

/// Writes a document element by element, for messages built from typed values: no tree is built first. The
/// output has the same form as `XMLWriter`'s (two-space indentation, empty elements self-closed).
public struct XMLStreamWriter {
    private var bytes: [UInt8] = []
    private var depth = 0
    private let rootName: String

    /// Starts a document whose root is `rootName` in `namespace`, with `attributes` qualified by `prefix`.
    public init(rootName: String, namespace: String, prefix: String, attributes: [(name: String, value: String)]) {
        self.rootName = rootName
        self.bytes.reserveCapacity(4096)
        self.bytes.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        self.bytes.append(0x0A)
        self.bytes.append(UInt8(ascii: "<"))
        self.bytes.append(contentsOf: rootName.utf8)
        self.bytes.append(contentsOf: #" xmlns=""#.utf8)
        XMLWriter.appendEscapedAttribute(namespace, to: &self.bytes)
        self.bytes.append(contentsOf: "\" xmlns:\(prefix)=\"".utf8)
        XMLWriter.appendEscapedAttribute(namespace, to: &self.bytes)
        self.bytes.append(UInt8(ascii: "\""))
        for attribute in attributes {
            self.bytes.append(contentsOf: " \(prefix):\(attribute.name)=\"".utf8)
            XMLWriter.appendEscapedAttribute(attribute.value, to: &self.bytes)
            self.bytes.append(UInt8(ascii: "\""))
        }
        self.bytes.append(UInt8(ascii: ">"))
        self.depth = 1
    }

    /// Opens an element that will hold children.
    public mutating func open(_ name: String) {
        self.newline()
        self.bytes.append(UInt8(ascii: "<"))
        self.bytes.append(contentsOf: name.utf8)
        self.bytes.append(UInt8(ascii: ">"))
        self.depth += 1
    }

    public mutating func close(_ name: String) {
        self.depth -= 1
        self.newline()
        self.bytes.append(contentsOf: "</".utf8)
        self.bytes.append(contentsOf: name.utf8)
        self.bytes.append(UInt8(ascii: ">"))
    }

    /// An element holding text; empty text is written as an empty element.
    public mutating func element(_ name: String, _ text: String) {
        self.newline()
        self.bytes.append(UInt8(ascii: "<"))
        self.bytes.append(contentsOf: name.utf8)
        if text.isEmpty {
            self.bytes.append(contentsOf: "/>".utf8)
            return
        }
        self.bytes.append(UInt8(ascii: ">"))
        XMLWriter.appendEscapedText(text, to: &self.bytes)
        self.bytes.append(contentsOf: "</".utf8)
        self.bytes.append(contentsOf: name.utf8)
        self.bytes.append(UInt8(ascii: ">"))
    }

    /// An optional element: nothing when there is no value.
    public mutating func element(_ name: String, optional text: String?) {
        if let text { self.element(name, text) }
    }

    /// An element whose text `write` appends itself, for values whose lexical form needs no escaping (dates,
    /// numbers) and is cheaper written straight into the document than built as a string first.
    public mutating func element(_ name: String, unescaped write: (inout [UInt8]) -> Void) {
        self.newline()
        self.bytes.append(UInt8(ascii: "<"))
        self.bytes.append(contentsOf: name.utf8)
        self.bytes.append(UInt8(ascii: ">"))
        write(&self.bytes)
        self.bytes.append(contentsOf: "</".utf8)
        self.bytes.append(contentsOf: name.utf8)
        self.bytes.append(UInt8(ascii: ">"))
    }

    /// Closes the root and returns the document.
    public mutating func finish() -> [UInt8] {
        self.close(self.rootName)
        self.bytes.append(0x0A)
        return self.bytes
    }

    private mutating func newline() {
        self.bytes.append(0x0A)
        self.bytes.append(contentsOf: Self.indentation[0..<min(2 * self.depth, Self.indentation.count)])
    }

    private static let indentation = [UInt8](repeating: 0x20, count: 64)
}
