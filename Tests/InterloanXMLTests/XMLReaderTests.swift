import Testing

@testable import InterloanXML

@Suite struct XMLReaderTests {
    let reader = XMLReader()

    @Test func namespacesResolveWhateverThePrefix() throws {
        let root = try self.reader.parse(
            #"<t:a xmlns:t="urn:x" xmlns:u="urn:y" u:k="v"><t:b>1</t:b><c xmlns="urn:z">2</c></t:a>"#)
        #expect(root.namespace == "urn:x")
        #expect(root.name == "a")
        #expect(root.attributes == [XMLAttribute(namespace: "urn:y", name: "k", value: "v")])
        #expect(root.children.map(\.namespace) == ["urn:x", "urn:z"])
        #expect(root.children.map(\.text) == ["1", "2"])
    }

    @Test func textDecodesPredefinedEntitiesCharacterReferencesAndCDATA() throws {
        let root = try self.reader.parse("<a>&lt;&amp;&gt;&quot;&apos; &#233;&#x263A; <![CDATA[<raw>&amp;]]>\r\nx</a>")
        #expect(root.text == "<&>\"' é☺ <raw>&amp;\nx")
    }

    @Test(arguments: [
        ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DTDs"),
        ("<!DOCTYPE a [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><a>&b;</a>", "DTDs"),
        ("<a>&x;</a>", "is not declared"),
        ("<a><b></a>", "does not match"),
        ("<a></a><b/>", "content after the root"),
        ("<a>x", "never closed"),
        ("<a x='1' x='2'/>", "appears twice"),
        ("<p:a/>", "not bound"),
        ("<a>\u{1}</a>", "control character"),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "only UTF-8"),
        ("", "no root element"),
        ("just text", "root element"),
    ])
    func malformedDocumentsAreRefusedWithTheReason(document: String, reason: String) {
        #expect {
            _ = try self.reader.parse(document)
        } throws: { error in
            (error as? XMLSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: XMLSyntaxError.self) {
            try self.reader.parse([0x3C, 0x61, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E])
        }
        #expect(throws: XMLSyntaxError.self) {
            try self.reader.parse([0x3C, 0x61, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x61, 0x3E])
        }
    }

    @Test func deepNestingStopsAtTheLimit() {
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect {
            _ = try self.reader.parse(deep)
        } throws: { error in
            (error as? XMLSyntaxError)?.message.contains("nest deeper than 48") == true
        }
        let allowed = String(repeating: "<a>", count: 48) + String(repeating: "</a>", count: 48)
        #expect(throws: Never.self) { try self.reader.parse(allowed) }
    }

    @Test func randomBytesNeverCrashTheReader() {
        var generator = SplitMix(seed: 18626)
        var accepted = 0
        for length in 0..<2000 {
            var bytes = (0..<(length % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if length % 3 == 0 { bytes.insert(contentsOf: Array("<a b='c'>".utf8), at: 0) }
            if (try? self.reader.parse(bytes)) != nil { accepted += 1 }
        }
        #expect(accepted == 0)
    }

    @Test func writerOutputReadsBackToTheSameTree() throws {
        let tree = XMLNode(
            namespace: "urn:example", name: "a",
            attributes: [XMLAttribute(namespace: "urn:example", name: "version", value: "1 \"2\"\t<&>")],
            children: [XMLNode(namespace: "urn:example", name: "b", text: " <x> & \"y\" é\n")])
        let bytes = XMLWriter(attributePrefixes: ["urn:example": "ill"]).document(tree)
        let read = try self.reader.parse(bytes)
        #expect(read == tree, "\(String(decoding: bytes, as: UTF8.self)) read as \(read)")
    }
}

/// A small deterministic generator, so the random-bytes test is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension XMLReaderTests {
    static let small = XMLLimits(
        depth: 4, elements: 5, attributesPerElement: 3, namespaceBindings: 2, nameBytes: 8, textBytes: 10)

    /// Each dimension a hostile document could stretch is capped, and the cap is named when it is reached.
    @Test(arguments: [
        ("<a><b><c><d><e/></d></c></b></a>", "elements nest deeper than 4"),
        ("<a><b/><b/><b/><b/><b/></a>", "the document has more than 5 elements"),
        ("<a w='1' x='1' y='1' z='1'/>", "an element has more than 3 attributes"),
        ("<a xmlns:p='u' xmlns:q='u' xmlns:r='u'/>", "more than 2 namespace declarations are in scope"),
        ("<a xmlns:p='u'><b xmlns:q='u'><c xmlns:r='u'/></b></a>", "more than 2 namespace declarations are in scope"),
        ("<abcdefghi/>", "a name is longer than 8 bytes"),
        ("<a abcdefghi='1'/>", "a name is longer than 8 bytes"),
        ("<a>01234567890</a>", "longer than 10 bytes"),
        ("<a>0123456789&amp;</a>", "longer than 10 bytes"),
        ("<a x='01234567890'/>", "longer than 10 bytes"),
        ("<a x='0123456789&amp;'/>", "longer than 10 bytes"),
    ])
    func aDocumentPastALimitIsRefusedNamingIt(document: String, reason: String) {
        #expect {
            _ = try XMLReader(limits: Self.small).parse(document)
        } throws: { error in
            (error as? XMLSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test func aDocumentAtEveryLimitIsRead() throws {
        let root = try XMLReader(limits: Self.small).parse(
            "<a xmlns:p='u' p:w='0123456789' x='1'><b><c><d/></c></b></a>")
        #expect(root.attributes.count == 2)
        #expect(root.children.first?.children.first?.children.first?.name == "d")
    }

    @Test func aRepeatedAttributeIsFoundAmongMany() {
        let many = (0..<20).map { "a\($0)='v'" }.joined(separator: " ")
        for repeated in ["a0", "a19"] {
            #expect {
                _ = try XMLReader().parse("<r \(many) \(repeated)='w'/>")
            } throws: { error in
                (error as? XMLSyntaxError)?.message == "the attribute \(repeated) appears twice"
            }
        }
        #expect {
            _ = try XMLReader().parse("<r xmlns:p='u' xmlns:q='u' \(many) p:x='1' q:x='2'/>")
        } throws: { error in
            (error as? XMLSyntaxError)?.message == "the attribute x appears twice"
        }
    }
}
