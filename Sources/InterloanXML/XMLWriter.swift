/// Serialises an element tree as a UTF-8 document: the root's namespace becomes the default namespace, and
/// attributes in a namespace get the prefix given for it (ISO 18626 qualifies its attributes).
public struct XMLWriter: Sendable {
    /// The prefix each attribute namespace is written with, e.g. `ill` for ISO 18626's.
    public var attributePrefixes: [String: String]

    public init(attributePrefixes: [String: String]) {
        self.attributePrefixes = attributePrefixes
    }

    public func document(_ root: XMLNode) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        output.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        output.append(0x0A)
        var declarations = #" xmlns=""#
        declarations += Self.escapedAttribute(root.namespace) + "\""
        for (namespace, prefix) in self.attributePrefixes.sorted(by: { $0.value < $1.value }) {
            declarations += " xmlns:\(prefix)=\"\(Self.escapedAttribute(namespace))\""
        }
        self.write(root, declarations: declarations, depth: 0, to: &output)
        output.append(0x0A)
        return output
    }

    private func write(_ node: XMLNode, declarations: String, depth: Int, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: node.name.utf8)
        output.append(contentsOf: declarations.utf8)
        for attribute in node.attributes {
            output.append(0x20)
            if let prefix = self.attributePrefixes[attribute.namespace] {
                output.append(contentsOf: prefix.utf8)
                output.append(UInt8(ascii: ":"))
            }
            output.append(contentsOf: attribute.name.utf8)
            output.append(contentsOf: "=\"".utf8)
            Self.appendEscapedAttribute(attribute.value, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        if node.children.isEmpty && node.text.isEmpty {
            output.append(contentsOf: "/>".utf8)
            return
        }
        output.append(UInt8(ascii: ">"))
        if node.children.isEmpty {
            Self.appendEscapedText(node.text, to: &output)
        } else {
            for child in node.children {
                Self.newline(indent: depth + 1, to: &output)
                self.write(child, declarations: "", depth: depth + 1, to: &output)
            }
            Self.newline(indent: depth, to: &output)
        }
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: node.name.utf8)
        output.append(UInt8(ascii: ">"))
    }

    private static func newline(indent: Int, to output: inout [UInt8]) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    static func appendEscapedText(_ text: String, to output: inout [UInt8]) {
        if !text.utf8.contains(where: {
            $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == 0x0D
        }) {
            output.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            default: output.append(byte)
            }
        }
    }

    static func escapedAttribute(_ value: String) -> String {
        var output: [UInt8] = []
        self.appendEscapedAttribute(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendEscapedAttribute(_ value: String, to output: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case 0x09: output.append(contentsOf: "&#9;".utf8)
            case 0x0A: output.append(contentsOf: "&#10;".utf8)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            default: output.append(byte)
            }
        }
    }
}
