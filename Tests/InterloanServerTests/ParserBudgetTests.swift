import Foundation
import ISO18626
import InterloanCore
import InterloanXML
import Testing

@testable import InterloanServer

/// Every reader of client bytes does work linear in its input: for each reader's worst shapes (many attributes,
/// long names, deep nesting, many tiny records, unclosed constructs), the time per byte at 1 MB is at most eight
/// times the time per byte at 10 KB, both measured in the same run. A reader whose cost grows with the square of
/// its input is a hundred times slower per byte at 1 MB; a linear one can be up to about four times slower when a
/// 1 MB input no longer fits the caches and other work shares the cores.
@Suite struct ParserBudgetTests {
    /// A worst-case input for one reader, built at any size from a repeated unit.
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var build: @Sendable (Int) -> [UInt8]
        var read: @Sendable ([UInt8]) -> Void
        var testDescription: String { self.name }
    }

    static let sizes = [10_000, 100_000, 1_000_000]

    /// `head`, then `unit` as often as fits in `size` bytes, then `tail`.
    static func repeated(_ head: String, _ unit: String, _ tail: String, size: Int) -> [UInt8] {
        let count = max(1, (size - head.utf8.count - tail.utf8.count) / unit.utf8.count)
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(size)
        let unitBytes = Array(unit.utf8)
        for _ in 0..<count { bytes += unitBytes }
        return bytes + Array(tail.utf8)
    }

    static func xml(_ name: String, _ head: String, _ unit: String, _ tail: String) -> Shape {
        Shape(
            name: "XML: \(name)", build: { Self.repeated(head, unit, tail, size: $0) },
            read: { _ = try? XMLReader().parse($0) })
    }

    static let attributes = (0..<64).map { "a\($0)=\"v\"" }.joined(separator: " ")
    static let declarations = (0..<62).map { "xmlns:n\($0)=\"urn:n\($0)\"" }.joined(separator: " ")
    static let longName = String(repeating: "n", count: 256)

    static let xmlShapes: [Shape] = [
        Self.xml("64 attributes on every element", "<r>", "<e \(Self.attributes)/>", "</r>"),
        Self.xml("attributes past the cap", "<r ", "a=\"v\" ", "/>"),
        Self.xml(
            "62 namespaces declared on every element", "<r>", "<p:e \(Self.declarations) xmlns:p=\"urn:p\" p:a=\"1\"/>",
            "</r>"),
        Self.xml("namespaces declared past the cap", "<r ", "xmlns:p=\"urn:p\" ", "/>"),
        Self.xml("256-byte names", "<r>", "<\(Self.longName) \(Self.longName)=\"v\"/>", "</r>"),
        Self.xml("a name past the cap", "<", "n", "/>"),
        Self.xml(
            "nesting 47 deep, again and again", "<r>",
            String(repeating: "<a>", count: 47) + String(repeating: "</a>", count: 47), "</r>"),
        Self.xml("nesting past the cap", "", "<a>", ""),
        Self.xml("many tiny elements", "<r>", "<a/>", "</r>"),
        Self.xml("references in text", "<r>", "&amp;&#x41;&lt;x", "</r>"),
        Self.xml("references in an attribute", "<r a=\"", "&amp;&#65;x", "\"/>"),
        Self.xml("comments", "<r>", "<!-- c - c -->", "</r>"),
        Self.xml("CDATA sections", "<r>", "<![CDATA[x]]>", "</r>"),
        Self.xml("brackets in text", "<r>", "]]]]]]]x", "</r>"),
        Self.xml("an element never closed", "<r>", "text ", ""),
        Self.xml("a comment never closed", "<r><!--", "- -", ""),
        Self.xml("a tag never closed", "<r ", "a=\"v\"", ""),
    ]

    static func json(_ name: String, _ head: String, _ unit: String, _ tail: String) -> Shape {
        Shape(
            name: "JSON: \(name)", build: { Self.repeated(head, unit, tail, size: $0) },
            read: { _ = try? JSONReader.value(of: $0) })
    }

    static let jsonShapes: [Shape] = [
        Shape(
            name: "JSON: many members",
            build: { size in
                var text = "{\"k\":0"
                var key = 0
                while text.utf8.count + 20 < size {
                    key += 1
                    text += ",\"k\(key)\":0"
                }
                return Array((text + "}").utf8)
            },
            read: { _ = try? JSONReader.value(of: $0) }),
        Self.json("one name again and again", "{", "\"a\":[0],", "\"a\":0}"),
        Self.json("many tiny items", "[", "0,", "0]"),
        Self.json(
            "nesting 500 deep, again and again", "[",
            String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + ",", "0]"),
        Self.json("escapes in a string", "\"", "\\u00e9\\n\\ud83d\\ude00", "\""),
        Self.json("one long number", "1", "0", ""),
        Self.json("a long fraction", "0.", "1", ""),
        Self.json("a string never closed", "[\"", "abc", ""),
    ]

    static func text(
        _ name: String, _ head: String, _ unit: String, _ tail: String, _ read: @escaping @Sendable ([UInt8]) -> Void
    ) -> Shape {
        Shape(name: name, build: { Self.repeated(head, unit, tail, size: $0) }, read: read)
    }

    static let csvHeader = "title,author,isbn,issn,oclc,call_number,lendable\n"
    static let csv: @Sendable ([UInt8]) -> Void = { _ = CSVHoldingsReader.read(bytes: $0) }
    static let marc: @Sendable ([UInt8]) -> Void = { _ = ISO2709Reader.read($0) }
    static let marcXML: @Sendable ([UInt8]) -> Void = { _ = MARCXMLHoldingsReader.read($0) }
    static let markdown: @Sendable ([UInt8]) -> Void = { _ = SafeMarkdown.render(String(decoding: $0, as: UTF8.self)) }

    /// The smallest ISO 2709 record: a leader, one directory entry, one field.
    static let tinyMARC: String = {
        let field = "  \u{1F}a9780306406157\u{1E}"
        let directory = "020" + String(format: "%04d", field.utf8.count) + "00000" + "\u{1E}"
        let base = 24 + directory.utf8.count
        let length = base + field.utf8.count + 1
        return String(format: "%05d", length) + "nam a22" + String(format: "%05d", base) + "   4500" + directory + field
            + "\u{1D}"
    }()

    static let otherShapes: [Shape] = [
        Self.text("CSV: many tiny records", Self.csvHeader, "t,,,,,,\n", "", Self.csv),
        Self.text("CSV: one quoted field of quotes", Self.csvHeader + "\"", "\"\"", "\",,,,,,\n", Self.csv),
        Self.text("CSV: a quote never closed", Self.csvHeader + "\"", "a,b\n", "", Self.csv),
        Self.text("CSV: many columns", "title,author,isbn,issn,oclc,call_number,lendable", ",x", "\n", Self.csv),
        Self.text("MARC: many tiny records", "", Self.tinyMARC, "", Self.marc),
        Self.text("MARC: bytes without a record", "", "00000x", "", Self.marc),
        Self.text(
            "MARCXML: many tiny records", "<collection>",
            "<record><datafield tag=\"020\" ind1=\" \" ind2=\" \"><subfield code=\"a\">9780306406157</subfield></datafield></record>",
            "</collection>", Self.marcXML),
        Self.text("Markdown: emphasis never closed", "", "*a _b ", "", Self.markdown),
        Self.text("Markdown: links never closed", "", "[a](b [", "", Self.markdown),
        Self.text("Markdown: code spans never closed", "", "`a ", "", Self.markdown),
        Self.text("Markdown: many short lines", "", "- a\n> b\n1. c\n\n# d\n", "", Self.markdown),
        Self.text("Markdown: many strong runs", "", "**a** ", "", Self.markdown),
    ]

    /// Seconds per byte of reading each of `inputs`, the least of three rounds; within a round the sizes take turns
    /// and a small input is read again and again for a few hundred kilobytes, so each figure is well above the
    /// clock's resolution and the machine's other work weighs on every size alike.
    static func secondsPerByte(_ inputs: [[UInt8]], _ read: ([UInt8]) -> Void) -> [Double] {
        var best = [Double](repeating: .infinity, count: inputs.count)
        let clock = ContinuousClock()
        for _ in 0..<3 {
            for (position, input) in inputs.enumerated() {
                let repeats = max(1, 200_000 / input.count)
                let elapsed = clock.measure { for _ in 0..<repeats { read(input) } }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                best[position] = min(best[position], seconds / Double(repeats * input.count))
            }
        }
        return best
    }

    @Test(arguments: Self.xmlShapes + Self.jsonShapes + Self.otherShapes)
    func readingTimePerByteStaysFlatFrom10KBTo1MB(_ shape: Shape) {
        let inputs = Self.sizes.map(shape.build)
        for (input, size) in zip(inputs, Self.sizes) {
            #expect(
                input.count > size * 8 / 10 && input.count <= size, "\(shape.name): \(input.count) bytes for \(size)")
        }
        let perByte = Self.secondsPerByte(inputs, shape.read)
        for (size, time) in zip(Self.sizes.dropFirst(), perByte.dropFirst()) {
            let ratio = time / perByte[0]
            #expect(ratio <= 8, "\(shape.name): \(ratio) times slower per byte at \(size) bytes than at 10 KB")
        }
    }
}
