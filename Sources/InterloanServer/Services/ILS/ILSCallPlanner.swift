import Foundation
import InterloanCore
import NCIP
import SQLKit
import Vapor

/// Decides the NCIP calls of a lifecycle change and prepares their outbox rows, written in its transaction.
///
/// Borrowing side: placing a request with a patron id looks the patron up; receiving a loan creates a temporary
/// item (the request id as its barcode) on hold for the patron; returning it checks that item in, and reporting the
/// loan lost or damaged deletes it. Lending side: shipping with an item barcode checks the item out to the library's lending
/// patron, and checking it back in checks it in. Each call only when the library's connection has it switched on.
struct ILSCallPlanner: Sendable {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    /// The outbox writes for placing `row`, or nil when its borrower looks no patron up.
    func placing(_ row: RequestRecord, at now: Date) async throws -> SideWrites? {
        guard let patron = row.patronID, let connection = try await self.connection(row.borrowerID, .lookupUser)
        else { return nil }
        // The call names the id the request is given in the write, so unlike the others it is built there.
        return { sql, requestID in
            let call = Self.call(.lookupUser, requestID: requestID, connection: connection, patron: patron, at: now)
            try await sql.raw(RowInsert.query([call], nilAsNull: false)).run()
        }
    }

    /// The outbox writes for `action` on the request stored as `stored`, or nil when no call is due.
    func acting(_ action: Action, arguments: Arguments, on stored: StoredRequest, at now: Date) async throws
        -> SideWrites?
    {
        let row = stored.row
        switch action {
        case .receive where stored.state.serviceType == .loan:
            guard let patron = row.patronID, let connection = try await self.connection(row.borrowerID, .acceptItem)
            else { return nil }
            let pickup = try await self.request.application.libraryDirectory.library(
                id: row.borrowerID, on: self.request.fluentReads)?.name
            var call = Self.call(.acceptItem, requestID: stored.id, connection: connection, patron: patron, at: now)
            call.itemBarcode = RequestNumber.encode(stored.id)
            (call.title, call.author, call.pickupLocation) = (row.title, row.author, pickup)
            call.dateForReturn = stored.state.dueDate?.date
            return try self.run(ILSCallStatements.enqueue([call], writes: self.request.writes))
        case .returnShip, .reportLost, .reportDamaged:
            let service: NCIPService = action == .returnShip ? .checkInItem : .deleteItem
            guard let connection = try await self.connection(row.borrowerID, service) else { return nil }
            var call = Self.call(service, requestID: stored.id, connection: connection, patron: nil, at: now)
            call.itemBarcode = RequestNumber.encode(stored.id)
            // Only a temporary item that was asked for is checked in or deleted.
            return try self.run(
                ILSCallStatements.enqueue(
                    call, after: .acceptItem, takingItsBarcode: false, writes: self.request.writes))
        case .ship:
            guard let barcode = arguments.text("itemBarcode"), let connection = try await self.checkingOut(row),
                let patron = connection.lendingPatronID
            else { return nil }
            var call = Self.call(.checkOutItem, requestID: stored.id, connection: connection, patron: patron, at: now)
            call.itemBarcode = barcode
            return try self.run(ILSCallStatements.enqueue([call], writes: self.request.writes))
        case .checkIn:
            guard let lender = row.currentLenderID, let connection = try await self.connection(lender, .checkInItem)
            else { return nil }
            let call = Self.call(.checkInItem, requestID: stored.id, connection: connection, patron: nil, at: now)
            // The item checked out when it shipped, if it was.
            return try self.run(
                ILSCallStatements.enqueue(
                    call, after: .checkOutItem, to: lender, takingItsBarcode: true, writes: self.request.writes))
        default:
            return nil
        }
    }

    /// Whether the request's current lender's ILS checks shipped items out, and so answers with their due date.
    func lenderGivesDueDate(_ row: RequestRecord) async throws -> Bool {
        try await self.checkingOut(row) != nil
    }

    /// The current lender's connection when it checks items out to a lending patron.
    private func checkingOut(_ row: RequestRecord) async throws -> ILSConnectionRecord? {
        guard let lender = row.currentLenderID, let connection = try await self.connection(lender, .checkOutItem),
            connection.lendingPatronID != nil
        else { return nil }
        return connection
    }

    /// The library's connection when it has `service` switched on.
    private func connection(_ libraryID: Int, _ service: NCIPService) async throws -> ILSConnectionRecord? {
        guard
            let connection = try await self.request.application.ilsConnections.connection(
                of: libraryID, reads: self.request.reads),
            connection.events.split(separator: ",").contains(Substring(service.eventName))
        else { return nil }
        return connection
    }

    /// Side writes that run `statement`, made ready before the write began.
    private func run(_ statement: ReadyStatement) -> SideWrites {
        { sql, _ in try await sql.run(statement) }
    }

    private static func call(
        _ service: NCIPService, requestID: Int, connection: ILSConnectionRecord, patron: String?, at now: Date
    ) -> ILSCallRecord {
        ILSCallRecord(
            requestID: requestID, libraryID: connection.libraryID, service: service.rawValue, patronID: patron,
            state: .pending, attempts: 0, nextAttemptAt: now, createdAt: now)
    }
}
