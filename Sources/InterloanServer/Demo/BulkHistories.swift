import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Inserts many synthetic requests with their whole histories, placed through the year before now, for the
/// reports' benchmark: multi-row inserts in large transactions, as `BulkRequests` does, each request with its
/// events, its lender string and the status its last event left it in (`SyntheticHistory`).
struct BulkHistories {
    let app: Application
    let batchSize = 500

    func insert(count: Int) async throws {
        let (ids, symbols) = try await BulkRequests.members(of: self.app, atLeast: 3)
        var random = SeededGenerator(seed: UInt64(count) &* 104_729)
        let now = self.app.clock.now()
        let year = 365.0 * 86_400
        var remaining = count
        while remaining > 0 {
            let size = min(self.batchSize, remaining)
            remaining -= size
            let batch: [(row: RequestRecord, history: SyntheticHistory)] = (0..<size).map { _ in
                let borrower = ids[Int.random(in: 0..<ids.count, using: &random)]
                var lenders = ids.filter { $0 != borrower }
                lenders.shuffle(using: &random)
                let serviceType: ServiceType = Int.random(in: 0..<5, using: &random) == 0 ? .copy : .loan
                let row = DemoCatalog.request(
                    index: Int.random(in: 0..<1_000_000, using: &random), serviceType: serviceType,
                    borrower: symbols[borrower]!, borrowerID: borrower, random: &random)
                let placed = now.addingTimeInterval(-Double.random(in: 0..<year, using: &random))
                let history = SyntheticHistory(
                    placed: placed, now: now, serviceType: serviceType,
                    lenders: lenders.prefix(2).map { ($0, symbols[$0]!) }, random: &random)
                return (row, history)
            }
            try await self.app.writes.write { database in
                try await Self.write(batch, symbols: symbols, now: now, on: database)
            }
        }
    }

    private static func write(
        _ batch: [(row: RequestRecord, history: SyntheticHistory)], symbols: [Int: String], now: Date,
        on sql: any SQLDatabase
    ) async throws {
        var insert = sql.insert(into: RequestRecord.table).columns(
            "version", "status", "service_type", "borrower_id", "current_lender_id", "current_lender_position",
            "title", "author", "isbn", "article_title", "journal_title", "patron_id", "patron_name", "patron_email",
            "search_text", "due_date", "created_at", "updated_at", "follow_up_at")
        for (row, history) in batch {
            let current = history.current.map { history.lenders[$0].library }
            let placed = history.events[0].at
            insert = insert.values(
                SQLBind(history.events.count), SQLBind(history.status.rawValue), SQLBind(row.serviceType),
                SQLBind(row.borrowerID), SQLBind(history.status.isFinal ? nil : current),
                SQLBind(history.current ?? 0), SQLBind(row.title), SQLBind(row.author), SQLBind(row.isbn),
                SQLBind(row.articleTitle), SQLBind(row.journalTitle), SQLBind(row.patronID), SQLBind(row.patronName),
                SQLBind(row.patronEmail), SQLBind(row.searchText), SQLBind(history.dueDate?.description),
                SQLBind(placed), SQLBind(history.events.last!.at),
                // Looked at by the follow-up rules a day from now, not all at once when `serve` starts.
                SQLBind(history.status.isFinal ? nil : now.addingTimeInterval(86_400)))
        }
        let created = try await insert.returning("id").all().map { try $0.decode(column: "id", as: Int.self) }

        var attempts = sql.insert(into: AttemptRecord.table)
            .columns("request_id", "position", "library_id", "outcome", "reason", "asked_at", "answered_at")
        var events = sql.insert(into: EventRecord.table)
            .columns(
                "request_id", "at", "actor_name", "library_symbol", "action", "from_status", "to_status", "details")
        for (id, (row, history)) in zip(created, batch) {
            for (position, lender) in history.lenders.enumerated() {
                attempts = attempts.values(
                    SQLBind(id), SQLBind(position), SQLBind(lender.library), SQLBind(lender.outcome.rawValue),
                    SQLBind(lender.reason), SQLBind(lender.askedAt), SQLBind(lender.answeredAt))
            }
            for event in history.events {
                let actor =
                    event.details["lender"].flatMap { lender in
                        ["willSupply", "unfilled", "ship", "checkIn"].contains(event.action) ? lender : nil
                    } ?? symbols[row.borrowerID]!
                events = events.values(
                    SQLBind(id), SQLBind(event.at), SQLBind("bulk demo"), SQLBind(actor), SQLBind(event.action),
                    SQLBind(event.from?.rawValue), SQLBind(event.to.rawValue),
                    SQLBind(EventDetails.encode(event.details)))
            }
        }
        try await attempts.run()
        try await events.run()
    }
}
