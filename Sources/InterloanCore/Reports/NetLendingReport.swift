/// Per library: requests it supplied against its own requests another library supplied, beside the ratio the
/// routing aims at.
public enum NetLendingReport {
    public struct Row: Sendable, Equatable {
        public var library: String
        public var lent: Int
        public var borrowed: Int
        /// lent ÷ borrowed, to four decimals; nil when it borrowed nothing.
        public var ratio: Double?
        public var targetRatio: Double
    }

    /// One row per library in scope that lent or borrowed, by symbol.
    public static func rows(_ tallies: ReportTallies, scope: ReportScope, targetRatio: Double) -> [Row] {
        var lent: [String: Int] = [:]
        var borrowed: [String: Int] = [:]
        for (key, count) in tallies.counts(.outcome, in: scope) {
            switch key.dimension {
            case ReportTallies.dimension(ReportSide.lending.rawValue, RequestFacts.Outcome.filled.rawValue):
                lent[key.library, default: 0] += count
            case ReportTallies.dimension(ReportSide.borrowing.rawValue, RequestFacts.Outcome.filled.rawValue):
                borrowed[key.library, default: 0] += count
            default: break
            }
        }
        return Set(lent.keys).union(borrowed.keys).sorted().map { library in
            let out = lent[library] ?? 0
            let into = borrowed[library] ?? 0
            return Row(
                library: library, lent: out, borrowed: into,
                ratio: DurationSummary.share(out, of: into),
                targetRatio: targetRatio)
        }
    }
}
