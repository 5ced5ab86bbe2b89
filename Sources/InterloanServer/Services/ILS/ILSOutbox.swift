import Foundation
import InterloanCore
import NCIP
import SQLKit
import Vapor

/// Makes queued NCIP calls to libraries' ILSs: in order per request, each claimed by one sender at a time (so
/// several instances can run), retried with growing delays while the ILS cannot be reached, and stopped for staff
/// (the request's later calls waiting) when the ILS answers with a problem or every attempt failed.
struct ILSOutbox: Sendable {
    let app: Application
    /// How long a sender may work on a call before another may take it over: longer than a call's timeout.
    static let claimDuration: TimeInterval = 60
    static let maximumDelay: TimeInterval = 3600
    /// Attempts before a call the ILS never answered waits for staff.
    static let attemptLimit = 8

    /// What an attempt leaves to record, written beside the other attempts of its batch.
    typealias Record = @Sendable (any SQLDatabase) async throws -> Void

    /// Makes every call due now, each at most once in this pass; returns how many were attempted. The calls of a
    /// batch are made one after another; their records are written together (the writer groups concurrent writes
    /// into one transaction, each in a savepoint of its own), so a busy server commits once per batch, not per call.
    @discardableResult
    func deliverDue() async throws -> Int {
        var delivered = 0
        while true {
            let batch = try await self.claimDue()
            if batch.isEmpty { return delivered }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for call in batch {
                    let record = try await self.attempt(call)
                    group.addTask { try await self.app.writes.write(.flushed, record) }
                }
                try await group.waitForAll()
            }
            delivered += batch.count
        }
    }

    /// Runs until the application stops, looking for due calls every `interval`.
    func run(every interval: Duration = .seconds(1)) async {
        await OutboxPolling.run(every: interval, label: "ILS outbox", logger: self.app.logger) {
            try await self.deliverDue()
        }
    }

    /// Due calls whose request has no earlier call still waiting or stopped at a problem, claimed for this sender.
    private func claimDue() async throws -> [ILSCallRecord] {
        let now = self.app.clock.now()
        let pending = ILSCallRecord.State.pending.rawValue
        let problem = ILSCallRecord.State.problem.rawValue
        let candidates = try await self.app.reads.raw(
            """
            SELECT * FROM ils_calls c WHERE c.state = \(bind: pending) AND c.next_attempt_at <= \(bind: now) \
            AND (c.claimed_until IS NULL OR c.claimed_until < \(bind: now)) \
            AND NOT EXISTS (SELECT 1 FROM ils_calls e WHERE e.request_id = c.request_id \
            AND e.state IN (\(bind: pending), \(bind: problem)) AND e.id < c.id) \
            ORDER BY c.id LIMIT 50
            """
        ).all(reading: ILSCallRecord.self)
        let claimed = try await OutboxClaims.claim(
            candidates.map { $0.id! }, in: ILSCallRecord.table, pendingState: pending, now: now,
            until: now.addingTimeInterval(Self.claimDuration), through: self.app.writes)
        return candidates.filter { claimed.contains($0.id!) }
    }

    /// Makes the call; returns what to record of it.
    private func attempt(_ call: ILSCallRecord) async throws -> Record {
        let connection = try await self.app.ilsConnections.connection(of: call.libraryID, reads: self.app.reads)
        guard let connection, let request = call.ncipRequest else {
            return try await self.finish(
                call, state: .problem, exchange: nil, problem: "the library has no NCIP connection")
        }
        let exchange = await NCIPClient(client: self.app.client).call(request, on: connection)
        if let response = exchange.response {
            if response.succeeded {
                return try await self.finish(
                    call, state: .done, exchange: exchange, problem: nil, dayDue: response.dayDue.flatMap(Day.init))
            }
            let problems = response.problems.map(\.summary).joined(separator: "; ")
            return try await self.finish(call, state: .problem, exchange: exchange, problem: problems)
        }
        let attempts = call.attempts + 1
        let reason = exchange.failure ?? "no answer"
        guard attempts < Self.attemptLimit else {
            return try await self.finish(
                call, state: .problem, exchange: exchange, problem: "\(reason) (after \(attempts) attempts)")
        }
        let delay = min(Self.maximumDelay, 30 * pow(2, Double(attempts - 1)))
        let nextAttempt = self.app.clock.now().addingTimeInterval(delay)
        let id = call.id!
        let sent = exchange.sent
        return { sql in
            try await sql.update(ILSCallRecord.table)
                .set("attempts", to: attempts).set("next_attempt_at", to: nextAttempt)
                .set("claimed_until", to: SQLLiteral.null).set("problem", to: reason).set("sent", to: sent)
                .where("id", .equal, id).run()
        }
    }

    /// How the call ended, to record; a check-out's due date goes on the loan in the same transaction.
    private func finish(
        _ call: ILSCallRecord, state: ILSCallRecord.State, exchange: NCIPClient.Exchange?, problem: String?,
        dayDue: Day? = nil
    ) async throws -> Record {
        let now = self.app.clock.now()
        let dueDate: (day: Day, lender: String)? =
            if let dayDue, call.service == NCIPService.checkOutItem.rawValue,
                let lender = try await self.app.libraryDirectory.library(id: call.libraryID, on: self.app.db)?.symbol
            {
                (dayDue, lender)
            } else {
                nil
            }
        let (id, requestID, attempts) = (call.id!, call.requestID, call.attempts + 1)
        let (sent, received) = (exchange?.sent, exchange?.received)
        return { sql in
            if let dueDate {
                try await ILSDueDate.fill(
                    requestID: requestID, with: dueDate.day, lender: dueDate.lender, at: now, on: sql)
            }
            try await sql.update(ILSCallRecord.table)
                .set("state", to: state.rawValue).set("attempts", to: attempts)
                .set("claimed_until", to: SQLLiteral.null).set("problem", to: problem)
                .set("sent", to: sent).set("received", to: received)
                .set("finished_at", to: state == .done ? now : nil)
                .where("id", .equal, id).run()
        }
    }
}

extension ILSCallRecord {
    /// The call this row stands for; nil when its fields do not make one (a row written by a newer version).
    var ncipRequest: NCIPRequest? {
        switch NCIPService(rawValue: self.service) {
        case .lookupUser?: return self.patronID.map { .lookupUser(patronId: $0) }
        case .acceptItem?:
            guard let patron = self.patronID, let barcode = self.itemBarcode else { return nil }
            return .acceptItem(
                NCIPAcceptedItem(
                    requestId: barcode, itemBarcode: barcode, patronId: patron, title: self.title ?? "",
                    author: self.author, dateForReturn: self.dateForReturn, pickupLocation: self.pickupLocation))
        case .checkOutItem?:
            guard let patron = self.patronID, let barcode = self.itemBarcode else { return nil }
            return .checkOutItem(patronId: patron, itemBarcode: barcode, requestId: nil)
        case .checkInItem?: return self.itemBarcode.map { .checkInItem(itemBarcode: $0) }
        case .deleteItem?: return self.itemBarcode.map { .deleteItem(itemBarcode: $0) }
        case nil: return nil
        }
    }
}

extension Application {
    var ilsOutbox: ILSOutbox { ILSOutbox(app: self) }
}
