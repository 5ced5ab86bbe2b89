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
    public static func rows(_ facts: [RequestFacts], scope: ReportScope, targetRatio: Double) -> [Row] {
        var lent: [String: Int] = [:]
        var borrowed: [String: Int] = [:]
        for request in facts where scope.includes(request) && request.outcome == .filled {
            if scope.includes(request.borrower) { borrowed[request.borrower, default: 0] += 1 }
            if let supplier = request.supplier, scope.includes(supplier) { lent[supplier, default: 0] += 1 }
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
