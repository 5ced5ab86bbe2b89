import BenchmarkSupport
import Foundation
import FoundationXML
import ISO18626
import InterloanXML

/// Measures the ISO 18626 codec on the partner samples, one core: decode, validate and re-encode each message,
/// beside the raw parse rate of the same bytes by the codec's XML reader and by Foundation's XMLParser (libxml2).
/// Usage: interloan-codec-bench [SAMPLES_DIR] [SECONDS_PER_ROUND]

let arguments = BenchmarkArguments(fixtures: "ISO18626Tests/Fixtures/samples")
let samplesFolder = arguments.samples
let secondsPerRound = arguments.secondsPerStage
let rounds = 7

var validMessages: [[UInt8]] = []
let codec = MessageCodec()
for source in try FileManager.default.contentsOfDirectory(atPath: samplesFolder).sorted() {
    let folder = samplesFolder + "/" + source
    for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".xml") {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
        if (try? codec.decode(bytes)) != nil { validMessages.append(bytes) }
    }
}
let messages = validMessages
let totalBytes = messages.reduce(0) { $0 + $1.count }
print(
    "\(messages.count) valid sample messages, \(totalBytes) bytes in all; \(secondsPerRound) s per stage, \(rounds) rounds"
)

final class CountingDelegate: NSObject, XMLParserDelegate {
    var elements = 0
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) { self.elements += 1 }
}

let reader = codec.reader
var stages = Stages<[UInt8]>(
    items: messages, secondsPerStage: secondsPerRound,
    stages: [
        (
            "codec: decode + validate + encode",
            { bytes in
                guard let message = try? codec.decode(bytes) else { return 0 }
                return codec.encode(message).count
            }
        ),
        ("raw parse: XMLReader (the codec's parser)", { bytes in (try? reader.parse(bytes))?.children.count ?? 0 }),
        ("  decode + validate only", { bytes in (try? codec.decode(bytes)) == nil ? 0 : 1 }),
        (
            "raw parse: Foundation XMLParser (libxml2)",
            { bytes in
                let parser = XMLParser(data: Data(bytes))
                let delegate = CountingDelegate()
                parser.shouldProcessNamespaces = true
                parser.delegate = delegate
                _ = parser.parse()
                return delegate.elements
            }
        ),
    ])
for _ in 0..<rounds { stages.runRound() }
print(stages.report(unit: "messages", nameWidth: 44))
print("codec rate / raw XMLReader rate, per round: \(Stages<[UInt8]>.describe(stages.shares(0, over: 1)))")
