import BenchmarkSupport
import Foundation
import InterloanXML
import NCIP

/// Measures the NCIP codec on one core: reading every real response sample (as the answer to its call) beside the
/// raw parse of the same bytes by the XML reader, and writing the five requests Interloan sends beside the raw parse
/// of what was written. Each round measures the stages back to back; the shares are taken within each round.
/// Usage: interloan-ncip-bench [SAMPLES_DIR] [SECONDS_PER_STAGE]

let arguments = BenchmarkArguments(fixtures: "NCIPTests/Fixtures/samples")
let samplesFolder = arguments.samples
let secondsPerStage = arguments.secondsPerStage
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

var decoding = Stages<(bytes: [UInt8], service: NCIPService)>(
    items: responses, secondsPerStage: secondsPerStage,
    stages: [
        ("decode responses", { (try? NCIPDecoder.decode($0.bytes, answering: $0.service))?.problems.count ?? -1 }),
        ("raw parse of the responses", { (try? reader.parse($0.bytes))?.children.count ?? 0 }),
    ])
var encoding = Stages<Int>(
    items: Array(requests.indices), secondsPerStage: secondsPerStage,
    stages: [
        ("encode requests", { NCIPEncoder.encode(requests[$0], header: header).count }),
        ("raw parse of the requests", { (try? reader.parse(written[$0]))?.children.count ?? 0 }),
    ])
for _ in 0..<rounds {
    decoding.runRound()
    encoding.runRound()
}
print(decoding.report(unit: "messages", nameWidth: 30))
print(encoding.report(unit: "messages", nameWidth: 30))
print("decode / raw parse, per round: \(Stages<Int>.describe(decoding.shares(0, over: 1)))")
print("encode / raw parse, per round: \(Stages<Int>.describe(encoding.shares(0, over: 1)))")
