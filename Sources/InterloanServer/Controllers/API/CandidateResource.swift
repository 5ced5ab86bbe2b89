import InterloanCore
import Vapor

/// One possible lender for a request, as `GET /api/v1/requests/{id}/candidates` lists it, best first.
struct CandidateResource: Content {
    var symbol: String
    /// 0 to 100; higher is asked earlier.
    var score: Double
    /// Plain sentences: what it holds, its lending balance, fill rate, answer time and distance.
    var reasons: [String]
    /// Last-resort lenders close the string whatever their score.
    var lastResort: Bool

    init(_ lender: RankedLender) {
        self.symbol = lender.symbol
        self.score = lender.score
        self.reasons = lender.reasons
        self.lastResort = lender.isLastResort
    }
}
