/// Filled over filled and unfilled, by side and service type; cancelled and in-flight requests are counted beside
/// it and left out of the rate.
public enum FillRateReport {
    public struct Row: Sendable, Equatable, Codable {
        public var side: ReportSide
        /// `loan`, `copy`, or `all`.
        public var serviceType: String
        public var filled = 0
        public var unfilled = 0
        public var cancelled = 0
        public var inFlight = 0
        /// filled ÷ (filled + unfilled), to four decimals; nil when neither happened.
        public var fillRate: Double?
    }

    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        let volume = VolumeReport.rows(tallies, scope: scope)
        var rows: [Row] = []
        for side in ReportSide.allCases {
            let kinds = (scope.serviceType.map { [$0] } ?? ServiceType.allCases).map(\.rawValue) + ["all"]
            for kind in kinds {
                var row = Row(side: side, serviceType: kind)
                for month in volume where month.side == side && (kind == "all" || month.serviceType.rawValue == kind) {
                    row.filled += month.filled
                    row.unfilled += month.unfilled
                    row.cancelled += month.cancelled
                    row.inFlight += month.inFlight
                }
                let decided = row.filled + row.unfilled
                row.fillRate = DurationSummary.share(row.filled, of: decided)
                rows.append(row)
            }
        }
        return rows
    }
}
