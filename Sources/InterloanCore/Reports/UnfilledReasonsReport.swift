/// The lenders' reasons for not filling, with where the lender stood among those asked: on the requests the
/// libraries in scope placed (borrowing) and in the answers they gave (lending).
public enum UnfilledReasonsReport {
    public struct Row: Sendable, Equatable {
        public var side: ReportSide
        /// An ISO 18626 reason code, or `noAnswer`.
        public var reason: String
        /// 1 for the first lender asked.
        public var position: Int
        public var count: Int
    }

    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var counts: [String: Row] = [:]
        for (key, count) in tallies.counts(.decline, in: scope) {
            let parts = key.parts
            guard parts.count == 3, let side = ReportSide(rawValue: String(parts[0])), let position = Int(parts[2])
            else { continue }
            let reason = String(parts[1])
            counts[
                "\(side.rawValue) \(reason) \(position)",
                default: Row(side: side, reason: reason, position: position, count: 0)
            ]
            .count += count
        }
        return counts.values.sorted {
            ($0.side.rawValue, -$0.count, $0.reason, $0.position) < (
                $1.side.rawValue, -$1.count, $1.reason, $1.position
            )
        }
    }
}
