import Foundation
import InterloanCore
import SQLKit

/// Fills a shipped loan's due date from the lender ILS's answer to its CheckOutItem, when staff left it to the ILS:
/// the ILS's loan rules then decide the date, as they would at the lender's own circulation desk.
enum ILSDueDate {
    static let eventAction = "ilsDueDate"

    /// Sets `dueDate` on the request when it has none and the item is still out, with its line in the history
    /// (by `lender`, the library whose ILS answered); a date staff gave is never replaced.
    static func fill(
        requestID: Int, with dueDate: Day, lender: String, at now: Date, on sql: any SQLDatabase
    ) async throws {
        let rows = try await sql.raw(
            """
            UPDATE requests SET due_date = \(bind: dueDate.description), version = version + 1, \
            updated_at = \(bind: now) \
            WHERE id = \(bind: requestID) AND due_date IS NULL AND service_type = \(bind: ServiceType.loan.rawValue) \
            AND status IN (\(binds: Self.itemOut)) RETURNING status
            """
        ).all()
        guard let status = try rows.first?.decode(column: "status", as: String.self) else { return }
        let event = EventRecord(
            requestID: requestID, at: now, userID: nil, actorName: "ILS", librarySymbol: lender,
            action: Self.eventAction, fromStatus: status, toStatus: status,
            details: EventDetails.encode(["dueDate": dueDate.description, "call": "CheckOutItem"]))
        try await sql.insert(into: EventRecord.table).row(event).run()
    }

    /// The states in which the lent item is away from the lender.
    private static let itemOut = [RequestStatus.shipped, .received, .renewalRequested, .recalled].map(\.rawValue)
}
