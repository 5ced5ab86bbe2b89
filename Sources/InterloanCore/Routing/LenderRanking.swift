/// Orders the possible lenders for a request, explaining each place in plain sentences.
///
/// Each factor is a score between 0 and 1 where more is better, and the total is their weighted sum on a
/// 0-100 scale. The factors follow what comparable systems weigh (DOMAIN.md): share the lending load, prefer
/// lenders that fill and answer fast, and prefer short delivery legs.
public enum LenderRanking {
    /// How much each factor counts, and the loan-to-borrow ratio the consortium aims at.
    public struct Policy: Sendable, Equatable {
        public var targetRatio: Double
        public var loadWeight: Double
        public var fillWeight: Double
        public var speedWeight: Double
        public var distanceWeight: Double
        public var copiesWeight: Double
        /// How many ranked holders go in an automatic lender string before the last-resort lenders.
        public var maximumRanked: Int

        public init(
            targetRatio: Double = 1, loadWeight: Double = 0.35, fillWeight: Double = 0.25, speedWeight: Double = 0.15,
            distanceWeight: Double = 0.2, copiesWeight: Double = 0.05, maximumRanked: Int = 10
        ) {
            self.targetRatio = targetRatio
            self.loadWeight = loadWeight
            self.fillWeight = fillWeight
            self.speedWeight = speedWeight
            self.distanceWeight = distanceWeight
            self.copiesWeight = copiesWeight
            self.maximumRanked = maximumRanked
        }

        public static let standard = Policy()
    }

    /// What a request asks of its lenders.
    public struct Need: Sendable, Equatable {
        public var borrower: String
        public var serviceType: ServiceType
        /// Lenders already asked for this request; they are not offered again.
        public var alreadyAsked: Set<String>

        public init(borrower: String, serviceType: ServiceType, alreadyAsked: Set<String> = []) {
            self.borrower = borrower
            self.serviceType = serviceType
            self.alreadyAsked = alreadyAsked
        }
    }

    /// The lender string: eligible holders best first (at most `policy.maximumRanked`), then the eligible
    /// last-resort lenders in their configured order.
    public static func rank(
        holders: [LenderFacts], lastResort: [LenderFacts], for need: Need, policy: Policy = .standard
    ) -> [RankedLender] {
        let lastResortSymbols = Set(lastResort.map(\.symbol))
        let ranked =
            holders
            .filter { $0.copies > 0 && !lastResortSymbols.contains($0.symbol) && self.isEligible($0, for: need) }
            .map { self.score($0, policy: policy) }
            .sorted { ($0.score, $1.symbol) > ($1.score, $0.symbol) }
            .prefix(policy.maximumRanked)
        var seen: Set<String> = []
        let closing = lastResort.filter { self.isEligible($0, for: need) && seen.insert($0.symbol).inserted }.map {
            var lender = self.score($0, policy: policy)
            lender.isLastResort = true
            lender.reasons.insert("last-resort lender", at: 0)
            return lender
        }
        return Array(ranked) + closing
    }

    /// Never the borrower, never a library asked already, never one not lending this service type today.
    static func isEligible(_ facts: LenderFacts, for need: Need) -> Bool {
        facts.symbol != need.borrower && !need.alreadyAsked.contains(facts.symbol)
            && facts.availability.accepts(need.serviceType)
    }

    static func score(_ facts: LenderFacts, policy: Policy) -> RankedLender {
        let record = facts.record
        // Add-one smoothing keeps a newcomer from looking perfect or hopeless on no evidence.
        let ratio = Double(record.lent + 1) / Double(record.borrowed + 1)
        let load = policy.targetRatio / (policy.targetRatio + ratio)
        let fill = Double(record.filled + 1) / Double(record.asked + 2)
        let speed = 1 / (1 + (record.averageAnswerDays ?? 2) / 2)
        let distance = [1, 0.7, 0.4, 0][facts.distance.rawValue]
        let copies = Double(min(facts.copies, 3)) / 3
        let total =
            policy.loadWeight * load + policy.fillWeight * fill + policy.speedWeight * speed
            + policy.distanceWeight * distance + policy.copiesWeight * copies
        return RankedLender(
            symbol: facts.symbol, score: (total * 1000).rounded() / 10, reasons: self.reasons(facts),
            isLastResort: false)
    }

    static func reasons(_ facts: LenderFacts) -> [String] {
        let record = facts.record
        var reasons: [String] = []
        if facts.copies > 0 { reasons.append("holds \(facts.copies) \(facts.copies == 1 ? "copy" : "copies")") }
        switch (record.lent, record.borrowed) {
        case (0, 0): reasons.append("no lending history yet")
        case (let lent, 0): reasons.append("lent \(lent) and borrowed none")
        case (let lent, let borrowed):
            reasons.append("lends \(Decimal1.format(Double(lent) / Double(borrowed)))x what it borrows")
        }
        if record.asked > 0 {
            let percent = Int((Double(record.filled) / Double(record.asked) * 100).rounded())
            reasons.append("fills \(percent)% of requests (\(record.filled) of \(record.asked))")
        }
        if let days = record.averageAnswerDays {
            reasons.append("answers in \(Decimal1.format(days)) days on average")
        }
        reasons.append(facts.distance.reason)
        return reasons
    }
}

/// One lender in a proposed string, with why it stands there.
public struct RankedLender: Sendable, Equatable {
    public var symbol: String
    /// 0 to 100; higher is asked earlier. Last-resort lenders close the string whatever their score.
    public var score: Double
    public var reasons: [String]
    public var isLastResort: Bool
}

/// Numbers with one decimal, written by hand: `String(format:)` would pull Foundation's formatter per call.
enum Decimal1 {
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
