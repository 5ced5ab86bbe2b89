import BenchmarkSupport
import Foundation
import InterloanCore

/// Measures OpenURL normalisation on one core over the real links of the test fixtures, beside two baselines on
/// the same lines: a bare split of the query at `&` and `=` (no decoding), and Foundation's `URLComponents`
/// query items (split and percent-decoded). Each round measures the stages back to back; the shares are taken
/// within each round. Usage: interloan-openurl-bench [SAMPLES_FILE] [SECONDS_PER_STAGE]

let arguments = BenchmarkArguments(fixtures: "InterloanCoreTests/Fixtures/openurl/samples.txt")
let samplesFile = arguments.samples
let secondsPerStage = arguments.secondsPerStage
let rounds = 5

/// Each sample line reduced to the query a browser following it would send to `/openurl`.
let queries: [String] = try String(contentsOfFile: samplesFile, encoding: .utf8)
    .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
    .map { line in
        guard line.hasPrefix("http"), let mark = line.firstIndex(of: "?") else { return String(line) }
        return String(line[line.index(after: mark)...])
    }
print(
    "\(queries.count) links (\(queries.reduce(0) { $0 + $1.utf8.count }) bytes); \(secondsPerStage) s a stage, \(rounds) rounds"
)

var stages = Stages<String>(
    items: queries, secondsPerStage: secondsPerStage,
    stages: [
        ("normalise", { OpenURLNormalizer.normalize($0).problems.count + ($0.isEmpty ? 0 : 1) }),
        (
            "bare split at & and =",
            { query in
                query.utf8.split(separator: UInt8(ascii: "&")).reduce(0) {
                    $0 + ($1.split(separator: UInt8(ascii: "="), maxSplits: 1).count)
                }
            }
        ),
        ("URLComponents query items", { URLComponents(string: "?" + $0)?.queryItems?.count ?? 0 }),
    ])
for _ in 0..<rounds { stages.runRound() }
print(stages.report(unit: "links", nameWidth: 28))
print("normalise / bare split, per round: \(Stages<String>.describe(stages.shares(0, over: 1)))")
print("normalise / URLComponents, per round: \(Stages<String>.describe(stages.shares(0, over: 2)))")
