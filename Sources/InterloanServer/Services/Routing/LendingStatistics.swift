import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Each library's record as lender and borrower (loans shipped each way, fill rate, answer time), summed from the
/// request history and kept in memory: ranking reads it for every request, while a few minutes' lag changes
/// nothing in a ranking.
actor LendingStatistics {
    private var records: [Int: LendingRecord] = [:]
    private var computedAt: Date = .distantPast
    private let maximumAge: TimeInterval

    init(maximumAge: TimeInterval = 300) {
        self.maximumAge = maximumAge
    }

    /// The records of every library that has lent, borrowed or been asked; others have `.none`.
    func records(on database: any Database) async throws -> [Int: LendingRecord] {
        if Date().timeIntervalSince(self.computedAt) > self.maximumAge {
            self.records = try await Self.compute(on: database as! any SQLDatabase)
            self.computedAt = Date()
        }
        return self.records
    }

    /// Forgets the sums, e.g. after a test wrote history behind the cache.
    func invalidate() {
        self.computedAt = .distantPast
    }

    /// Outcomes that mean the lender was asked and had its say; withdrawn and cancelled attempts were not its doing.
    static let judgedOutcomes: [LenderAttempt.Outcome] = [
        .willSupply, .conditional, .conditionsRejected, .unfilled, .noAnswer, .shipped,
    ]
    static let filledOutcomes: Set<String> = [LenderAttempt.Outcome.willSupply.rawValue, LenderAttempt.Outcome.shipped.rawValue]
    static let answeredOutcomes: Set<String> = Set(
        [LenderAttempt.Outcome.willSupply, .conditional, .conditionsRejected, .unfilled, .shipped].map(\.rawValue))

    private struct AttemptRow: Decodable {
        let libraryID: Int
        let borrowerID: Int
        let outcome: String
        let askedAt: Date?
        let answeredAt: Date?

        enum CodingKeys: String, CodingKey {
            case outcome
            case libraryID = "library_id"
            case borrowerID = "borrower_id"
            case askedAt = "asked_at"
            case answeredAt = "answered_at"
        }
    }

    static func compute(on sql: any SQLDatabase) async throws -> [Int: LendingRecord] {
        let rows = try await sql.select()
            .column(SQLColumn("library_id", table: AttemptRecord.table))
            .column(SQLColumn("borrower_id", table: RequestModel.schema))
            .column(SQLColumn("outcome", table: AttemptRecord.table))
            .column(SQLColumn("asked_at", table: AttemptRecord.table))
            .column(SQLColumn("answered_at", table: AttemptRecord.table))
            .from(AttemptRecord.table)
            .join(RequestModel.schema, on: SQLColumn("request_id", table: AttemptRecord.table), .equal,
                SQLColumn("id", table: RequestModel.schema))
            .where(SQLColumn("outcome", table: AttemptRecord.table), .in, SQLBind.group(Self.judgedOutcomes.map(\.rawValue)))
            .all(decoding: AttemptRow.self)
        var records: [Int: LendingRecord] = [:]
        var answerSeconds: [Int: (total: Double, count: Int)] = [:]
        for row in rows {
            records[row.libraryID, default: .none].asked += 1
            if Self.filledOutcomes.contains(row.outcome) { records[row.libraryID, default: .none].filled += 1 }
            if row.outcome == LenderAttempt.Outcome.shipped.rawValue {
                records[row.libraryID, default: .none].lent += 1
                records[row.borrowerID, default: .none].borrowed += 1
            }
            if Self.answeredOutcomes.contains(row.outcome), let asked = row.askedAt, let answered = row.answeredAt {
                let sum = answerSeconds[row.libraryID] ?? (0, 0)
                answerSeconds[row.libraryID] = (sum.total + max(0, answered.timeIntervalSince(asked)), sum.count + 1)
            }
        }
        for (libraryID, sum) in answerSeconds where sum.count > 0 {
            records[libraryID, default: .none].averageAnswerDays = sum.total / Double(sum.count) / 86_400
        }
        return records
    }
}

extension Application {
    private struct StatisticsKey: StorageKey {
        typealias Value = LendingStatistics
    }

    var lendingStatistics: LendingStatistics {
        get {
            guard let statistics = self.storage[StatisticsKey.self] else {
                fatalError("configure(_:) sets up the lending statistics before anything uses them")
            }
            return statistics
        }
        set { self.storage[StatisticsKey.self] = newValue }
    }
}
