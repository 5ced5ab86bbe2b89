import Foundation
import FoundationXML
import ISO18626

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
let decoded = messages.map { try! codec.decode($0) }
let totalBytes = messages.reduce(0) { $0 + $1.count }
print("\(messages.count) valid sample messages, \(totalBytes) bytes in all; \(secondsPerRound) s per round, 5 rounds")

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
var results: [String: [Double]] = [:]
for _ in 0..<5 {
    results["codec: decode + validate + encode", default: []].append(rate { bytes in
        guard let message = try? codec.decode(bytes) else { return 0 }
        return codec.encode(message).count
    })
    results["  of which decode + validate", default: []].append(rate { bytes in
        (try? codec.decode(bytes)) == nil ? 0 : 1
    })
    var next = 0
    results["  of which encode", default: []].append(rate { _ in
        next = (next + 1) % decoded.count
        return codec.encode(decoded[next]).count
    })
    results["raw parse: XMLReader (the codec's parser)", default: []].append(rate { bytes in
        (try? reader.parse(bytes))?.children.count ?? 0
    })
    results["raw parse: Foundation XMLParser (libxml2)", default: []].append(rate { bytes in
        let parser = XMLParser(data: Data(bytes))
        let delegate = CountingDelegate()
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.elements
    })
}
for name in [
    "codec: decode + validate + encode", "  of which decode + validate", "  of which encode",
    "raw parse: XMLReader (the codec's parser)", "raw parse: Foundation XMLParser (libxml2)",
] {
    let rates = results[name]!
    let median = rates.sorted()[rates.count / 2]
    print(String(format: "%-45@ median %8.0f messages/s  (rounds: %@)", name as NSString, median,
        rates.map { String(format: "%.0f", $0) }.joined(separator: ", ") as NSString))
}
