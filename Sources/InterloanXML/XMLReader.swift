/// A strict, non-validating XML 1.0 reader for the messages partners send.
///
/// It never processes a document type declaration: a DTD is refused where it starts, so no entity can be declared,
/// expanded or fetched, and XXE or "billion laughs" documents fail before any work is done. Only the five predefined
/// entities and character references are decoded. Namespaces are resolved while reading. Every dimension a hostile
/// document could stretch (depth, elements, attributes on one element, namespace declarations in scope, the length
/// of a name or of one text) is capped by `XMLLimits`, so the work done is linear in the document's size.
/// Foundation's XMLParser alone reads partner messages more slowly than the whole codec must decode, validate and
/// encode them, which is why this reader exists (see BENCHMARKS.md).
public struct XMLReader: Sendable {
    /// How far a document may stretch each dimension before it is refused.
    public var limits: XMLLimits
    /// Deeper documents are refused, so hostile nesting costs neither stack nor time.
    public var maximumDepth: Int {
        get { self.limits.depth }
        set { self.limits.depth = newValue }
    }
    /// Names expected in the documents read (a schema's element names): each is stored once and shared by every
    /// element carrying it, which saves an allocation per element and makes name comparisons cheap.
    let names: NameTable

    public init(limits: XMLLimits = XMLLimits(), knownNames: [String] = []) {
        self.limits = limits
        self.names = NameTable(knownNames)
    }

    public init(maximumDepth: Int, knownNames: [String] = []) {
        self.init(limits: XMLLimits(depth: maximumDepth), knownNames: knownNames)
    }

    /// The root element of `bytes`, a UTF-8 document.
    public func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLNode {
        let result: Result<XMLNode, XMLSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer, limits: self.limits, names: self.names)
            do throws(XMLSyntaxError) {
                return .success(try scanner.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The root element of `text`.
    public func parse(_ text: String) throws(XMLSyntaxError) -> XMLNode {
        try self.parse(Array(text.utf8))
    }
}

/// The most a document may hold of each thing whose count could make reading cost more than its size: checks that
/// look back over what is in scope (duplicate attributes, namespace prefixes) stay bounded by these.
public struct XMLLimits: Sendable, Equatable {
    /// Elements nested in one another.
    public var depth: Int
    /// Elements in the whole document.
    public var elements: Int
    /// Attributes (namespace declarations included) on one element.
    public var attributesPerElement: Int
    /// Namespace declarations in scope at once.
    public var namespaceBindings: Int
    /// Bytes of one element or attribute name.
    public var nameBytes: Int
    /// Bytes of one element's text or one attribute's value, after references are decoded.
    public var textBytes: Int

    /// Defaults sized for ISO 18626 and NCIP messages (a real one has a few dozen elements, a handful of
    /// attributes and namespaces); a reader of bulk files raises `elements`.
    public init(
        depth: Int = 48, elements: Int = 100_000, attributesPerElement: Int = 64, namespaceBindings: Int = 64,
        nameBytes: Int = 256, textBytes: Int = 1 << 20
    ) {
        self.depth = depth
        self.elements = elements
        self.attributesPerElement = attributesPerElement
        self.namespaceBindings = namespaceBindings
        self.nameBytes = nameBytes
        self.textBytes = textBytes
    }
}

/// The reading position and the namespace bindings in scope; one per document.
struct XMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: XMLLimits
    let names: NameTable
    var position = 0
    var elementCount = 0
    /// Prefix bindings in scope, innermost last; the empty prefix is the default namespace.
    var bindings: [(prefix: String, uri: String)] = [("xml", "http://www.w3.org/XML/1998/namespace")]

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: XMLLimits, names: NameTable = NameTable([])) {
        self.bytes = bytes
        self.limits = limits
        self.names = names
    }

    mutating func document() throws(XMLSyntaxError) -> XMLNode {
        if let invalid = UTF8Check.firstInvalidByte(in: self.bytes) {
            throw XMLSyntaxError(message: "the document is not UTF-8 text", offset: invalid)
        }
        if self.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
        if self.starts(with: Array("<?xml".utf8)), self.position + 5 < self.bytes.count,
            Self.isSpace(self.bytes[self.position + 5])
        {
            try self.xmlDeclaration()
        }
        try self.miscellany()
        guard self.position < self.bytes.count else { throw self.error("the document has no root element") }
        guard self.peek(at: 1).map(Self.isNameStart) == true, self.bytes[self.position] == UInt8(ascii: "<") else {
            throw self.error("the root element should start here")
        }
        let root = try self.element(depth: 1)
        try self.miscellany()
        guard self.position == self.bytes.count else { throw self.error("content after the root element") }
        return root
    }

    // MARK: Elements

    mutating func element(depth: Int) throws(XMLSyntaxError) -> XMLNode {
        guard depth <= self.limits.depth else { throw self.error("elements nest deeper than \(self.limits.depth)") }
        self.elementCount += 1
        guard self.elementCount <= self.limits.elements else {
            throw self.error("the document has more than \(self.limits.elements) elements")
        }
        let tagStart = self.position
        self.position += 1
        let qualifiedName = try self.nameRange()
        var rawAttributes: [(name: Range<Int>, value: String)] = []
        let outerBindings = self.bindings.count
        defer { self.bindings.removeSubrange(outerBindings...) }
        var selfClosing = false
        var attributeCount = 0
        var seen = SeenNames()
        while true {
            let hadSpace = self.skipSpace()
            guard let byte = self.peek() else { throw self.error("the tag opened at byte \(tagStart) never closes") }
            if byte == UInt8(ascii: ">") {
                self.position += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                guard self.peek(at: 1) == UInt8(ascii: ">") else { throw self.error("expected '/>'") }
                self.position += 2
                selfClosing = true
                break
            }
            guard hadSpace else { throw self.error("attributes are separated by white space") }
            attributeCount += 1
            guard attributeCount <= self.limits.attributesPerElement else {
                throw self.error("an element has more than \(self.limits.attributesPerElement) attributes")
            }
            let name = try self.nameRange()
            self.skipSpace()
            guard self.peek() == UInt8(ascii: "=") else { throw self.error("expected '=' after an attribute name") }
            self.position += 1
            self.skipSpace()
            let value = try self.attributeValue()
            if seen.insert(name, of: rawAttributes.lazy.map(\.name), in: self) == false {
                throw self.error("the attribute \(self.string(name)) appears twice")
            }
            if self.isDefaultNamespaceDeclaration(name) {
                try self.bind("", to: value)
            } else if let prefix = self.xmlnsPrefix(of: name) {
                guard !value.isEmpty else { throw self.error("the namespace prefix \(prefix) is bound to nothing") }
                try self.bind(prefix, to: value)
            } else {
                rawAttributes.append((name, value))
            }
        }
        var node = try self.resolvedElement(qualifiedName, attributes: rawAttributes)
        if !selfClosing {
            try self.content(of: &node, named: qualifiedName, depth: depth)
        }
        return node
    }

    /// Reads character data, references, comments, CDATA sections and child elements up to the end tag.
    mutating func content(of node: inout XMLNode, named qualifiedName: Range<Int>, depth: Int)
        throws(XMLSyntaxError)
    {
        var text = TextCollector()
        while true {
            guard let byte = self.peek() else {
                throw self.error("the element \(self.string(qualifiedName)) is never closed")
            }
            switch byte {
            case UInt8(ascii: "<"):
                let next = self.peek(at: 1)
                if next == UInt8(ascii: "/") {
                    self.position += 2
                    let closing = try self.nameRange()
                    guard self.same(closing, qualifiedName) else {
                        throw self.error(
                            "the end tag \(self.string(closing)) does not match \(self.string(qualifiedName))")
                    }
                    self.skipSpace()
                    guard self.peek() == UInt8(ascii: ">") else { throw self.error("expected '>'") }
                    self.position += 1
                    // White space between child elements is indentation, not content (there is no mixed content).
                    if !text.isEmpty, node.children.isEmpty || !text.isAllSpace(in: self.bytes) {
                        guard text.byteCount <= self.limits.textBytes else { throw self.tooLong(self.position) }
                        node.text = text.string(in: self.bytes)
                    }
                    return
                } else if next.map(Self.isNameStart) == true {
                    node.children.append(try self.element(depth: depth + 1))
                } else if self.starts(with: Self.cdataOpen) {
                    self.position += Self.cdataOpen.count
                    let end = try self.find(Self.cdataClose, what: "CDATA section")
                    var buffer = text.takeBuffer(from: self.bytes)
                    try self.appendText(self.position..<end, to: &buffer)
                    text.putBuffer(buffer)
                    self.position = end + Self.cdataClose.count
                } else if self.starts(with: Self.commentOpen) {
                    try self.comment()
                } else if next == UInt8(ascii: "?") {
                    try self.processingInstruction()
                } else if next == UInt8(ascii: "!") {
                    throw self.error("declarations are not allowed inside elements")
                } else {
                    throw self.error("'<' must start a tag; write &lt; in text")
                }
            case UInt8(ascii: "&"):
                var buffer = text.takeBuffer(from: self.bytes)
                try self.reference(into: &buffer)
                text.putBuffer(buffer)
            default:
                let start = self.position
                while let byte = self.peek(), byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&") {
                    self.position += 1
                }
                if self.bytes[start..<self.position].contains(UInt8(ascii: "]")),
                    Self.contains(Self.cdataClose, in: self.bytes, start..<self.position)
                {
                    throw self.error("']]>' is not allowed in text")
                }
                if !text.keepIfClean(start..<self.position, in: self.bytes) {
                    var buffer = text.takeBuffer(from: self.bytes)
                    try self.appendText(start..<self.position, to: &buffer)
                    text.putBuffer(buffer)
                }
            }
        }
    }

    mutating func resolvedElement(_ qualifiedName: Range<Int>, attributes raw: [(name: Range<Int>, value: String)])
        throws(XMLSyntaxError) -> XMLNode
    {
        let (prefix, local) = self.split(qualifiedName)
        guard let namespace = self.namespace(for: prefix ?? "") else {
            throw self.error("the prefix \(prefix ?? "") is not bound to a namespace")
        }
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(raw.count)
        var qualifiedNames = Set<String>()
        for attribute in raw {
            let (attributePrefix, attributeName) = self.split(attribute.name)
            var attributeNamespace = ""
            if let attributePrefix {
                guard let bound = self.namespace(for: attributePrefix) else {
                    throw self.error("the prefix \(attributePrefix) is not bound to a namespace")
                }
                attributeNamespace = bound
            }
            // Two prefixes bound to one namespace can still name one attribute twice.
            let isRepeated =
                raw.count < SeenNames.linearLimit
                ? attributes.contains { $0.name == attributeName && $0.namespace == attributeNamespace }
                : !qualifiedNames.insert(attributeNamespace + " " + attributeName).inserted
            if isRepeated { throw self.error("the attribute \(attributeName) appears twice") }
            attributes.append(XMLAttribute(namespace: attributeNamespace, name: attributeName, value: attribute.value))
        }
        return XMLNode(namespace: namespace, name: local, attributes: attributes)
    }

    mutating func bind(_ prefix: String, to uri: String) throws(XMLSyntaxError) {
        // Lookups scan the bindings in scope, so their number must stay small for reading to stay linear.
        guard self.bindings.count <= self.limits.namespaceBindings else {
            throw self.error("more than \(self.limits.namespaceBindings) namespace declarations are in scope")
        }
        self.bindings.append((prefix, uri))
    }

    func namespace(for prefix: String) -> String? {
        if let binding = self.bindings.last(where: { $0.prefix == prefix }) { return binding.uri }
        return prefix.isEmpty ? "" : nil
    }
}

/// The attribute names met on one element, for refusing a repeated one: compared one by one while there are
/// few (the usual case, no allocation), hashed once there are many, so an element with many attributes costs
/// time in proportion to them rather than to their square.
struct SeenNames {
    static let linearLimit = 8
    private var hashed: Set<[UInt8]>?

    /// Whether `name` is new; `earlier` are the names met so far, in order.
    mutating func insert(
        _ name: Range<Int>, of earlier: some Collection<Range<Int>>, in scanner: XMLScanner
    ) -> Bool {
        if self.hashed == nil, earlier.count < Self.linearLimit {
            return !earlier.contains { scanner.same($0, name) }
        }
        if self.hashed == nil { self.hashed = Set(earlier.map { Array(scanner.bytes[$0]) }) }
        return self.hashed!.insert(Array(scanner.bytes[name])).inserted
    }
}

/// An element's character data: most values are one run of plain text, kept as a range of the input and turned
/// into a `String` once (short ones need no allocation at all); anything else is copied into a buffer.
struct TextCollector {
    private var single: Range<Int>?
    private var buffer: [UInt8]?

    var isEmpty: Bool { self.single == nil && (self.buffer?.isEmpty ?? true) }
    var byteCount: Int { self.single?.count ?? self.buffer?.count ?? 0 }

    /// Keeps `range` without copying when it is the first text and needs no line-end or control character work.
    mutating func keepIfClean(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.single == nil, self.buffer == nil else { return false }
        for index in range where bytes[index] < 0x20 && bytes[index] != 0x0A && bytes[index] != 0x09 { return false }
        self.single = range
        return true
    }

    /// The text so far as a buffer to append to, handed back with `putBuffer` (moved, not copied).
    mutating func takeBuffer(from bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        defer {
            self.single = nil
            self.buffer = nil
        }
        return self.buffer ?? self.single.map { Array(bytes[$0]) } ?? []
    }

    mutating func putBuffer(_ buffer: [UInt8]) {
        self.buffer = buffer
    }

    func isAllSpace(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let single { return bytes[single].allSatisfy(XMLScanner.isSpace) }
        return self.buffer?.allSatisfy(XMLScanner.isSpace) ?? true
    }

    func string(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let single { return String(decoding: UnsafeBufferPointer(rebasing: bytes[single]), as: UTF8.self) }
        return String(decoding: self.buffer ?? [], as: UTF8.self)
    }
}
