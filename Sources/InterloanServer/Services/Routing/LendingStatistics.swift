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
    private let now: @Sendable () -> Date
    /// How many times the sums have been computed.
    private(set) var computations = 0

    init(maximumAge: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumAge = maximumAge
        self.now = now
    }

    /// The records of every library that has lent, borrowed or been asked; others have `.none`.
    func records(on database: any Database) async throws -> [Int: LendingRecord] {
        let now = self.now()
        if now.timeIntervalSince(self.computedAt) > self.maximumAge {
            self.records = try await Self.compute(on: database.asSQL)
            self.computedAt = now
            self.computations += 1
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
    static let filledOutcomes: Set<String> = [
        LenderAttempt.Outcome.willSupply.rawValue, LenderAttempt.Outcome.shipped.rawValue,
    ]
    static let answeredOutcomes: Set<String> = Set(
        [LenderAttempt.Outcome.willSupply, .conditional, .conditionsRejected, .unfilled, .shipped].map(\.rawValue))

    private struct LenderRow: Decodable {
        let libraryID: Int
        let asked: Int
        let filled: Int
        let lent: Int
        let answerSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case asked, filled, lent
            case libraryID = "library_id"
            case answerSeconds = "answer_seconds"
        }
    }

    private struct BorrowerRow: Decodable {
        let borrowerID: Int
        let borrowed: Int

        enum CodingKeys: String, CodingKey {
            case borrowed
            case borrowerID = "borrower_id"
        }
    }

    /// Sums in the database, one row per library, whatever the length of the history.
    static func compute(on sql: any SQLDatabase) async throws -> [Int: LendingRecord] {
        let judged = SQLBind.group(Self.judgedOutcomes.map(\.rawValue))
        let filled = SQLBind.group(Array(Self.filledOutcomes))
        let answered = SQLBind.group(Array(Self.answeredOutcomes))
        let shipped = SQLBind(LenderAttempt.Outcome.shipped.rawValue)
        // SQLite keeps timestamps as seconds since 1970, PostgreSQL as timestamps.
        let seconds: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "answered_at - asked_at" : "EXTRACT(EPOCH FROM (answered_at - asked_at))"
        let lenders = try await sql.raw(
            """
            SELECT library_id, COUNT(*) AS asked,
                SUM(CASE WHEN outcome IN \(filled) THEN 1 ELSE 0 END) AS filled,
                SUM(CASE WHEN outcome = \(shipped) THEN 1 ELSE 0 END) AS lent,
                CAST(AVG(CASE WHEN outcome IN \(answered) AND answered_at IS NOT NULL AND asked_at IS NOT NULL
                    THEN \(seconds) END) AS DOUBLE PRECISION) AS answer_seconds
            FROM request_lenders WHERE outcome IN \(judged) GROUP BY library_id
            """
        ).all(decoding: LenderRow.self)
        let borrowers = try await sql.raw(
            """
            SELECT r.borrower_id AS borrower_id, COUNT(*) AS borrowed
            FROM request_lenders l JOIN requests r ON r.id = l.request_id
            WHERE l.outcome = \(shipped) GROUP BY r.borrower_id
            """
        ).all(decoding: BorrowerRow.self)
        var records: [Int: LendingRecord] = [:]
        for row in lenders {
            records[row.libraryID] = LendingRecord(
                lent: row.lent, asked: row.asked, filled: row.filled,
                averageAnswerDays: row.answerSeconds.map { max(0, $0) / 86_400 })
        }
        for row in borrowers {
            records[row.borrowerID, default: .none].borrowed = row.borrowed
        }
        return records
    }
}

extension Application {
    private struct StatisticsKey: StorageKey {
        typealias Value = LendingStatistics
    }

    var lendingStatistics: LendingStatistics {
        get { self.configured(StatisticsKey.self) }
        set { self.storage[StatisticsKey.self] = newValue }
    }
}
