/// JSON written by hand, for the one response every action returns: the same bytes as the API's JSONEncoder
/// (keys sorted, slashes unescaped, absent optionals left out of nested objects), at a fraction of the cost.
/// The caller writes keys in sorted order; `RequestResourceJSONTests` holds the two writers to the same bytes.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        self.bytes.reserveCapacity(capacity)
    }

    /// Punctuation and literals, written as they are.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    /// `"key":`, after a comma unless it is the object's first.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { self.bytes.append(UInt8(ascii: ",")) }
        self.bytes.append(UInt8(ascii: "\""))
        self.raw(name)
        self.raw("\":")
    }

    mutating func string(_ text: String) {
        self.bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.raw("\\\"")
            case UInt8(ascii: "\\"): self.raw("\\\\")
            case 0x08: self.raw("\\b")
            case 0x09: self.raw("\\t")
            case 0x0A: self.raw("\\n")
            case 0x0C: self.raw("\\f")
            case 0x0D: self.raw("\\r")
            case 0..<0x20:
                self.raw("\\u00")
                self.bytes.append(Self.hexDigits[Int(byte >> 4)])
                self.bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// The string, or `null`.
    mutating func string(_ text: String?) {
        if let text { self.string(text) } else { self.raw("null") }
    }

    mutating func integer(_ number: Int) {
        self.bytes.append(contentsOf: String(number).utf8)
    }

    /// `,"key":"value"` when there is a value; nested objects leave absent values out, as synthesised Codable does.
    mutating func member(_ name: StaticString, ifPresent text: String?, first: Bool = false) -> Bool {
        guard let text else { return first }
        self.key(name, first: first)
        self.string(text)
        return false
    }

    /// A JSON array of `elements`, each written by `write`.
    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONText, Element) -> Void) {
        self.bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { self.bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        self.bytes.append(UInt8(ascii: "]"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
