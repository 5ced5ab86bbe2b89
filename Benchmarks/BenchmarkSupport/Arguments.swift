import Foundation

/// The two arguments every codec benchmark takes: the samples to read (a path, else `fixtures` under the
/// repository's `Tests`) and the seconds each stage runs (default 2).
public struct BenchmarkArguments {
    public let samples: String
    public let secondsPerStage: Double

    public init(fixtures: String, arguments: [String] = CommandLine.arguments, filePath: String = #filePath) {
        self.samples =
            arguments.count > 1
            ? arguments[1]
            : URL(fileURLWithPath: filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Tests/\(fixtures)").standardized.path
        self.secondsPerStage = arguments.count > 2 ? Double(arguments[2]) ?? 2 : 2
    }
}
