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

    public static func rows(_ facts: [RequestFacts], scope: ReportScope) -> [Row] {
        var counts: [String: Row] = [:]
        func add(_ side: ReportSide, _ decline: RequestFacts.Decline) {
            let key = "\(side.rawValue) \(decline.reason) \(decline.position)"
            counts[key, default: Row(side: side, reason: decline.reason, position: decline.position, count: 0)]
                .count += 1
        }
        for request in facts where scope.includes(request) {
            for decline in request.declines {
                if scope.includes(request.borrower) { add(.borrowing, decline) }
                if scope.includes(decline.lender) { add(.lending, decline) }
            }
        }
        return counts.values.sorted {
            ($0.side.rawValue, -$0.count, $0.reason, $0.position) < (
                $1.side.rawValue, -$1.count, $1.reason, $1.position
            )
        }
    }
}
