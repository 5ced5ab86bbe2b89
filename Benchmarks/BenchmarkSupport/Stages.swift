import Foundation

/// Stages of a one-core benchmark measured back to back in every round, because these machines are shared and
/// their speed drifts: a stage is read against its baseline from the same round, never alone.
public struct Stages<Item> {
    public typealias Work = (Item) -> Int

    public let items: [Item]
    public let secondsPerStage: Double
    public let stages: [(name: String, work: Work)]
    /// Items per second of each stage, one entry per round.
    public private(set) var rates: [[Double]]

    public init(items: [Item], secondsPerStage: Double, stages: [(name: String, work: Work)]) {
        self.items = items
        self.secondsPerStage = secondsPerStage
        self.stages = stages
        self.rates = Array(repeating: [], count: stages.count)
    }

    /// Runs every stage once more, in order.
    public mutating func runRound() {
        for (index, stage) in self.stages.enumerated() { self.rates[index].append(self.rate(stage.work)) }
    }

    /// The ratio of stage `numerator` to stage `denominator`, per round.
    public func shares(_ numerator: Int, over denominator: Int) -> [Double] {
        zip(self.rates[numerator], self.rates[denominator]).map { $0 / $1 }
    }

    /// One line per stage: its median rate and every round's.
    public func report(unit: String, nameWidth: Int) -> String {
        self.stages.enumerated().map { index, stage in
            let name = stage.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            return "\(name) median \(Int(Self.median(self.rates[index]))) \(unit)/s  "
                + "(rounds: \(self.rates[index].map { String(Int($0)) }.joined(separator: ", ")))"
        }.joined(separator: "\n")
    }

    /// A share's median and every round's, as printed under the rates.
    public static func describe(_ shares: [Double]) -> String {
        "median \(String(format: "%.2f", Self.median(shares)))  "
            + "(\(shares.map { String(format: "%.2f", $0) }.joined(separator: ", ")))"
    }

    public static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Items per second of `work` over every item, run for about `secondsPerStage`.
    private func rate(_ work: Work) -> Double {
        var processed = 0
        var checksum = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < self.secondsPerStage {
            for item in self.items { checksum &+= work(item) }
            processed += self.items.count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        // The checksum keeps the optimiser from dropping work whose result is otherwise unused.
        if checksum == 42 { print("") }
        return Double(processed) / elapsed
    }
}
