import Foundation
import InterloanXML
import NCIP

/// Measures the NCIP codec on one core: reading every real response sample (as the answer to its call) beside the
/// raw parse of the same bytes by the XML reader, and writing the five requests Interloan sends beside the raw parse
/// of what was written. Each round measures the stages back to back; the shares are taken within each round.
/// Usage: interloan-ncip-bench [SAMPLES_DIR] [SECONDS_PER_STAGE]

let arguments = CommandLine.arguments
let samplesFolder =
    arguments.count > 1
    ? arguments[1]
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/NCIPTests/Fixtures/samples").standardized.path
let secondsPerStage = arguments.count > 2 ? Double(arguments[2]) ?? 2 : 2
let rounds = 5
let reader = XMLReader()

/// Every response sample with the call it answers: the service its response element names, or LookupUser for a
/// message that is a bare Problem. The Koha sample is left out: its false encoding declaration makes the raw reader
/// refuse it, so it has no baseline.
var responses: [(bytes: [UInt8], service: NCIPService)] = []
let enumerator = FileManager.default.enumerator(atPath: samplesFolder)
while let path = enumerator?.nextObject() as? String {
    guard path.hasSuffix(".xml") else { continue }
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: samplesFolder + "/" + path)))
    guard let name = (try? reader.parse(bytes))?.children.first?.name else { continue }
    let service =
        name == "Problem" ? NCIPService.lookupUser : NCIPService(rawValue: String(name.dropLast("Response".count)))
    guard name == "Problem" || name.hasSuffix("Response"), let service,
        (try? NCIPDecoder.decode(bytes, answering: service)) != nil
    else { continue }
    responses.append((bytes, service))
}

let header = NCIPHeader(fromAgencyId: "Interloan", toAgencyId: "ALDF", authentication: "secret")
let requests: [NCIPRequest] = [
    .lookupUser(patronId: "P 1001"),
    .acceptItem(
        NCIPAcceptedItem(
            requestId: "IL-7Q2", itemBarcode: "IL-7Q2", patronId: "P 1001", title: "Tides and Currents",
            author: "Marlow, Ada", dateForReturn: Date(timeIntervalSince1970: 1_798_000_000),
            pickupLocation: "Alder Falls Public Library")),
    .checkOutItem(patronId: "ILL-LENDING", itemBarcode: "31234000123456", requestId: "IL-7Q2"),
    .checkInItem(itemBarcode: "31234000123456"),
    .deleteItem(itemBarcode: "IL-7Q2"),
]
let written = requests.map { NCIPEncoder.encode($0, header: header) }
print(
    "\(responses.count) response samples (\(responses.reduce(0) { $0 + $1.bytes.count }) bytes), "
        + "\(requests.count) requests (\(written.reduce(0) { $0 + $1.count }) bytes); \(secondsPerStage) s a stage, "
        + "\(rounds) rounds")

/// Items per second of `work` over `count` items, run for about `secondsPerStage`.
func rate(_ count: Int, _ work: (Int) -> Int) -> Double {
    var processed = 0
    var checksum = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    while elapsed < secondsPerStage {
        for index in 0..<count { checksum &+= work(index) }
        processed += count
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    if checksum == 42 { print("") }
    return Double(processed) / elapsed
}

let stages: [(name: String, count: Int, work: (Int) -> Int)] = [
    (
        "decode responses", responses.count,
        { (try? NCIPDecoder.decode(responses[$0].bytes, answering: responses[$0].service))?.problems.count ?? -1 }
    ),
    ("raw parse of the responses", responses.count, { (try? reader.parse(responses[$0].bytes))?.children.count ?? 0 }),
    ("encode requests", requests.count, { NCIPEncoder.encode(requests[$0], header: header).count }),
    ("raw parse of the requests", requests.count, { (try? reader.parse(written[$0]))?.children.count ?? 0 }),
]
var rates = [[Double]](repeating: [], count: stages.count)
var decodeShares: [Double] = []
var encodeShares: [Double] = []
for _ in 0..<rounds {
    for (index, stage) in stages.enumerated() { rates[index].append(rate(stage.count, stage.work)) }
    decodeShares.append(rates[0].last! / rates[1].last!)
    encodeShares.append(rates[2].last! / rates[3].last!)
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func list(_ values: [Double], _ format: String) -> String {
    values.map { String(format: format, $0) }.joined(separator: ", ")
}
for (index, stage) in stages.enumerated() {
    let name = stage.name.padding(toLength: 30, withPad: " ", startingAt: 0)
    print("\(name) median \(Int(median(rates[index]))) messages/s  (rounds: \(list(rates[index], "%.0f")))")
}
print(
    "decode / raw parse, per round: median \(String(format: "%.2f", median(decodeShares)))  (\(list(decodeShares, "%.2f")))"
)
print(
    "encode / raw parse, per round: median \(String(format: "%.2f", median(encodeShares)))  (\(list(encodeShares, "%.2f")))"
)
