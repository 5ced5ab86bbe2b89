import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Inserts many synthetic requests quickly, for benchmarks: multi-row inserts in large transactions, each
/// request placed with one member lender asked, exactly as `Lifecycle.place` leaves it.
struct BulkRequests {
    let app: Application
    let batchSize = 500

    func insert(count: Int) async throws {
        let (ids, symbols) = try await Self.members(of: self.app, atLeast: 2)
        var random = SeededGenerator(seed: UInt64(count) &* 7919)
        var remaining = count
        let now = self.app.clock.now()
        while remaining > 0 {
            let size = min(self.batchSize, remaining)
            remaining -= size
            let batch: [(borrower: Int, lender: Int, row: RequestRecord)] = (0..<size).map { _ in
                let borrower = ids[Int.random(in: 0..<ids.count, using: &random)]
                var lender = ids[Int.random(in: 0..<ids.count, using: &random)]
                if lender == borrower { lender = ids[(ids.firstIndex(of: borrower)! + 1) % ids.count] }
                let row = DemoCatalog.request(
                    index: Int.random(in: 0..<1_000_000, using: &random), serviceType: .loan,
                    borrower: symbols[borrower]!, borrowerID: borrower, random: &random)
                return (borrower, lender, row)
            }
            try await self.app.writes.write { database in
                try await Self.write(batch, symbols: symbols, now: now, on: database)
            }
        }
    }

    private static func write(
        _ batch: [(borrower: Int, lender: Int, row: RequestRecord)], symbols: [Int: String], now: Date,
        on sql: any SQLDatabase
    ) async throws {
        // No lender can let its response time pass before this many calendar days, so the follow-up rules need
        // not look at a million requests just asked (a sweep at `serve` start would otherwise read them all).
        let firstLook = now.addingTimeInterval(Double(LibraryModel.responseDayChoices.min() ?? 1) * 86_400)
        var insert = sql.insert(into: RequestRecord.table).columns(
            "version", "status", "service_type", "borrower_id", "current_lender_id", "current_lender_position",
            "title", "author", "isbn", "patron_id", "patron_name", "patron_email", "search_text", "created_at",
            "updated_at", "follow_up_at")
        for entry in batch {
            let row = entry.row
            insert = insert.values(
                SQLBind(1), SQLBind(RequestStatus.sentToLender.rawValue), SQLBind(row.serviceType),
                SQLBind(entry.borrower), SQLBind(entry.lender), SQLBind(0), SQLBind(row.title), SQLBind(row.author),
                SQLBind(row.isbn), SQLBind(row.patronID), SQLBind(row.patronName), SQLBind(row.patronEmail),
                SQLBind(row.searchText), SQLBind(now), SQLBind(now), SQLBind(firstLook))
        }
        let created = try await insert.returning("id").all().map { try $0.decode(column: "id", as: Int.self) }

        var attempts = sql.insert(into: AttemptRecord.table)
            .columns("request_id", "position", "library_id", "outcome", "asked_at")
        var events = sql.insert(into: EventRecord.table)
            .columns("request_id", "at", "actor_name", "library_symbol", "action", "to_status", "details")
        for (id, entry) in zip(created, batch) {
            attempts = attempts.values(
                SQLBind(id), SQLBind(0), SQLBind(entry.lender), SQLBind(LenderAttempt.Outcome.asked.rawValue),
                SQLBind(now))
            events = events.values(
                SQLBind(id), SQLBind(now), SQLBind("bulk demo"), SQLBind(symbols[entry.borrower]!), SQLBind("place"),
                SQLBind(RequestStatus.sentToLender.rawValue),
                SQLBind(EventDetails.encode(["nextLender": symbols[entry.lender]!, "serviceType": "loan"])))
        }
        try await attempts.run()
        try await events.run()
    }

    /// The member libraries' IDs, and their symbols by ID; refused when there are fewer than `minimum`.
    static func members(of app: Application, atLeast minimum: Int) async throws -> (ids: [Int], symbols: [Int: String])
    {
        let members = try await LibraryModel.query(on: app.db).filter(\.$isMember == true).all()
        let ids = try members.map { try $0.requireID() }
        guard ids.count >= minimum else {
            throw CommandFailure("the directory needs at least \(minimum) member libraries")
        }
        return (ids, Dictionary(uniqueKeysWithValues: zip(ids, members.map(\.symbol))))
    }
}
