import Foundation
import FoundationXML
import ISO18626
import InterloanXML

/// Measures the ISO 18626 codec on the partner samples, one core: decode, validate and re-encode each message,
/// beside the raw parse rate of the same bytes by the codec's XML reader and by Foundation's XMLParser (libxml2).
/// Usage: interloan-codec-bench [SAMPLES_DIR] [SECONDS_PER_ROUND]

let arguments = CommandLine.arguments
let samplesFolder =
    arguments.count > 1
    ? arguments[1]
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/ISO18626Tests/Fixtures/samples").standardized.path
let secondsPerRound = arguments.count > 2 ? Double(arguments[2]) ?? 2 : 2
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

/// Messages per second of `work` over the samples, run for about `secondsPerRound`.
@MainActor func rate(_ work: ([UInt8]) -> Int) -> Double {
    var processed = 0
    var checksum = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    while elapsed < secondsPerRound {
        for message in messages { checksum &+= work(message) }
        processed += messages.count
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    if checksum == 42 { print("") }
    return Double(processed) / elapsed
}

final class CountingDelegate: NSObject, XMLParserDelegate {
    var elements = 0
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) { self.elements += 1 }
}

let reader = codec.reader
let stages: [(name: String, work: ([UInt8]) -> Int)] = [
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
]
// The machines are shared and their speed drifts: every round measures each stage back to back, and the codec's
// share of the raw parse rate is taken within each round before the median is.
var rates = [[Double]](repeating: [], count: stages.count)
var ratios: [Double] = []
for _ in 0..<rounds {
    for (index, stage) in stages.enumerated() { rates[index].append(rate(stage.work)) }
    ratios.append(rates[0].last! / rates[1].last!)
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
for (index, stage) in stages.enumerated() {
    let name = stage.name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(
        "\(name) median \(Int(median(rates[index]))) messages/s  (rounds: \(rates[index].map { String(Int($0)) }.joined(separator: ", ")))"
    )
}
print(
    "codec rate / raw XMLReader rate, per round: median \(String(format: "%.2f", median(ratios)))  (\(ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")))"
)
