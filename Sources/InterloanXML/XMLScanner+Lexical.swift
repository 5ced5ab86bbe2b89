/// The lexical pieces of XML: names, attribute values, references, comments, the prolog.
extension XMLScanner {
    static let cdataOpen = Array("<![CDATA[".utf8)
    static let cdataClose = Array("]]>".utf8)
    static let commentOpen = Array("<!--".utf8)

    func error(_ message: String) -> XMLSyntaxError {
        XMLSyntaxError(message: message, offset: self.position)
    }

    func peek(at offset: Int = 0) -> UInt8? {
        let index = self.position + offset
        return index < self.bytes.count ? self.bytes[index] : nil
    }

    func starts(with prefix: [UInt8]) -> Bool {
        guard self.position + prefix.count <= self.bytes.count else { return false }
        for (index, byte) in prefix.enumerated() where self.bytes[self.position + index] != byte { return false }
        return true
    }

    @discardableResult
    mutating func skipSpace() -> Bool {
        let start = self.position
        while let byte = self.peek(), Self.isSpace(byte) { self.position += 1 }
        return self.position > start
    }

    static func isSpace(_ byte: UInt8) -> Bool { XMLNode.isSpace(byte) }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        Self.isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
            || byte == 0x3A
    }

    /// A qualified name: at most one colon, never first or last.
    mutating func nameRange() throws(XMLSyntaxError) -> Range<Int> {
        let start = self.position
        guard let first = self.peek(), Self.isNameStart(first) else { throw self.error("a name should start here") }
        var colons = 0
        while let byte = self.peek(), Self.isNameByte(byte) {
            if byte == 0x3A { colons += 1 }
            self.position += 1
        }
        guard self.position - start <= self.limits.nameBytes else {
            throw XMLSyntaxError(message: "a name is longer than \(self.limits.nameBytes) bytes", offset: start)
        }
        if colons > 1 || self.bytes[self.position - 1] == 0x3A {
            throw self.error("\(self.string(start..<self.position)) is not a valid qualified name")
        }
        if colons == 1, let colon = self.bytes[start..<self.position].firstIndex(of: 0x3A),
            !Self.isNameStart(self.bytes[colon + 1])
        {
            throw self.error("\(self.string(start..<self.position)) is not a valid qualified name")
        }
        return start..<self.position
    }

    func split(_ name: Range<Int>) -> (prefix: String?, local: String) {
        guard let colon = self.bytes[name].firstIndex(of: 0x3A) else { return (nil, self.name(name)) }
        return (self.string(name.lowerBound..<colon), self.name((colon + 1)..<name.upperBound))
    }

    /// A local name, shared with the name table when it is a known one.
    func name(_ range: Range<Int>) -> String {
        let bytes = UnsafeBufferPointer(rebasing: self.bytes[range])
        return self.names.lookup(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    func same(_ first: Range<Int>, _ second: Range<Int>) -> Bool {
        first.count == second.count && self.bytes[first].elementsEqual(self.bytes[second])
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self.bytes[range]), as: UTF8.self)
    }

    func isDefaultNamespaceDeclaration(_ name: Range<Int>) -> Bool {
        name.count == 5 && self.bytes[name].elementsEqual("xmlns".utf8)
    }

    func xmlnsPrefix(of name: Range<Int>) -> String? {
        guard name.count > 6, self.bytes[name.lowerBound..<(name.lowerBound + 6)].elementsEqual("xmlns:".utf8) else {
            return nil
        }
        return self.string((name.lowerBound + 6)..<name.upperBound)
    }

    /// A quoted attribute value with references decoded and white space normalised, as XML prescribes.
    mutating func attributeValue() throws(XMLSyntaxError) -> String {
        guard let quote = self.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw self.error("an attribute value must be quoted")
        }
        self.position += 1
        // Most values are plain text: take them straight from the input (known ones, like the ISO 18626
        // namespace, from the name table).
        let start = self.position
        var end = start
        while end < self.bytes.count, self.bytes[end] != quote, self.bytes[end] != UInt8(ascii: "&"),
            self.bytes[end] != UInt8(ascii: "<"), self.bytes[end] >= 0x20
        {
            end += 1
        }
        if end < self.bytes.count, self.bytes[end] == quote {
            guard end - start <= self.limits.textBytes else { throw self.tooLong(start) }
            self.position = end + 1
            return self.name(start..<end)
        }
        var value: [UInt8] = []
        while true {
            guard let byte = self.peek() else { throw self.error("an attribute value is never closed") }
            guard value.count <= self.limits.textBytes else { throw self.tooLong(start) }
            if byte == quote {
                self.position += 1
                return String(decoding: value, as: UTF8.self)
            }
            switch byte {
            case UInt8(ascii: "<"):
                throw self.error("'<' is not allowed in an attribute value")
            case UInt8(ascii: "&"):
                try self.reference(into: &value)
            case 0x09, 0x0A, 0x0D:
                value.append(0x20)
                self.position += 1
            default:
                guard byte >= 0x20 else { throw self.error("control character \(byte) is not allowed in XML") }
                value.append(byte)
                self.position += 1
            }
        }
    }

    func tooLong(_ start: Int) -> XMLSyntaxError {
        XMLSyntaxError(
            message: "a text or attribute value is longer than \(self.limits.textBytes) bytes", offset: start)
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` or a character reference; any other entity is undeclared,
    /// because this reader accepts no DTD that could declare one.
    mutating func reference(into text: inout [UInt8]) throws(XMLSyntaxError) {
        let start = self.position
        guard let semicolon = self.bytes[start..<min(self.bytes.count, start + 12)].firstIndex(of: UInt8(ascii: ";"))
        else { throw self.error("'&' must start a reference; write &amp; in text") }
        let body = self.bytes[(start + 1)..<semicolon]
        self.position = semicolon + 1
        if body.first == UInt8(ascii: "#") {
            let digits = body.dropFirst()
            let isHex = digits.first == UInt8(ascii: "x")
            let number = String(decoding: isHex ? digits.dropFirst() : digits, as: UTF8.self)
            guard !number.isEmpty, let scalarValue = UInt32(number, radix: isHex ? 16 : 10),
                Self.isXMLCharacter(scalarValue), let scalar = Unicode.Scalar(scalarValue)
            else {
                self.position = start
                throw self.error("\(self.string(start..<(semicolon + 1))) is not a valid character reference")
            }
            text.append(contentsOf: String(Character(scalar)).utf8)
            return
        }
        switch String(decoding: body, as: UTF8.self) {
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "amp": text.append(UInt8(ascii: "&"))
        case "apos": text.append(UInt8(ascii: "'"))
        case "quot": text.append(UInt8(ascii: "\""))
        default:
            self.position = start
            throw self.error("the entity \(self.string(start..<(semicolon + 1))) is not declared; DTDs are refused")
        }
    }

    static func isXMLCharacter(_ value: UInt32) -> Bool {
        value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
    }

    /// Appends character data, refusing control characters and normalising line ends to LF.
    mutating func appendText(_ range: Range<Int>, to text: inout [UInt8]) throws(XMLSyntaxError) {
        var clean = true
        for index in range where self.bytes[index] < 0x20 && self.bytes[index] != 0x0A && self.bytes[index] != 0x09 {
            clean = false
            break
        }
        if clean {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: self.bytes[range]))
            return
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = self.bytes[index]
            if byte < 0x20 {
                if byte == 0x0D {
                    text.append(0x0A)
                    if index + 1 < range.upperBound, self.bytes[index + 1] == 0x0A { index += 1 }
                    index += 1
                    continue
                }
                guard byte == 0x09 || byte == 0x0A else {
                    throw XMLSyntaxError(message: "control character \(byte) is not allowed in XML", offset: index)
                }
            }
            text.append(byte)
            index += 1
        }
    }

    /// The index where `needle` next occurs; an unterminated construct is an error naming `what`.
    func find(_ needle: [UInt8], what: String) throws(XMLSyntaxError) -> Int {
        var index = self.position
        while index + needle.count <= self.bytes.count {
            if self.bytes[index] == needle[0],
                self.bytes[index..<(index + needle.count)].elementsEqual(needle)
            {
                return index
            }
            index += 1
        }
        throw self.error("the \(what) is never closed")
    }

    static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= needle.count else { return false }
        for start in range.lowerBound...(range.upperBound - needle.count)
        where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    mutating func comment() throws(XMLSyntaxError) {
        self.position += Self.commentOpen.count
        let end = try self.find(Array("--".utf8), what: "comment")
        guard end + 2 < self.bytes.count, self.bytes[end + 2] == UInt8(ascii: ">") else {
            throw XMLSyntaxError(message: "'--' is not allowed inside a comment", offset: end)
        }
        self.position = end + 3
    }

    mutating func processingInstruction() throws(XMLSyntaxError) {
        self.position += 2
        let target = try self.nameRange()
        if self.string(target).lowercased() == "xml" {
            throw self.error("the XML declaration may only open the document")
        }
        let end = try self.find(Array("?>".utf8), what: "processing instruction")
        self.position = end + 2
    }

    /// White space, comments and processing instructions around the root element; a DTD is refused here.
    mutating func miscellany() throws(XMLSyntaxError) {
        while true {
            self.skipSpace()
            if self.starts(with: Self.commentOpen) {
                try self.comment()
            } else if self.starts(with: Array("<?".utf8)) {
                try self.processingInstruction()
            } else if self.starts(with: Array("<!".utf8)) {
                throw self.error("document type declarations (DTDs) are refused")
            } else {
                return
            }
        }
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`: only UTF-8 (or its subset US-ASCII) is read.
    mutating func xmlDeclaration() throws(XMLSyntaxError) {
        let end = try self.find(Array("?>".utf8), what: "XML declaration")
        let declaration = UnsafeBufferPointer(rebasing: self.bytes[(self.position + 5)..<end])
        self.position = end + 2
        if let encoding = Self.pseudoAttribute("encoding", in: declaration)?.lowercased(),
            !["utf-8", "utf8", "us-ascii"].contains(encoding)
        {
            throw self.error("the document declares encoding \(encoding); only UTF-8 is accepted")
        }
        guard let version = Self.pseudoAttribute("version", in: declaration), version.hasPrefix("1.") else {
            throw self.error("the XML declaration needs version=\"1.0\"")
        }
    }

    static func pseudoAttribute(_ name: String, in declaration: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array((name + "=").utf8)
        guard declaration.count > key.count else { return nil }
        for start in 0...(declaration.count - key.count)
        where declaration[start] == key[0] && declaration[start..<(start + key.count)].elementsEqual(key) {
            let valueStart = start + key.count
            guard valueStart < declaration.count else { return nil }
            let quote = declaration[valueStart]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            let rest = declaration[(valueStart + 1)...]
            guard let close = rest.firstIndex(of: quote) else { return nil }
            return String(decoding: declaration[(valueStart + 1)..<close], as: UTF8.self)
        }
        return nil
    }
}
