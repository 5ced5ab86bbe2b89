import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// One follow-up rule: looks at a request in one of its statuses as of an instant, acts when something is due,
/// and says when it next needs a look. Acting twice for the same instant must change nothing more.
protocol FollowUpRule: Sendable {
    /// A short name for reports and logs, e.g. `not-received`.
    var name: String { get }
    /// The statuses the rule watches.
    var statuses: Set<RequestStatus> { get }
    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck
}

/// What a rule did to one request, and when it wants to look again (nil: never in this status).
struct FollowUpCheck: Sendable {
    var changed = false
    var next: Date?

    static func later(_ day: Day) -> FollowUpCheck { FollowUpCheck(changed: false, next: day.date) }
    static let done = FollowUpCheck()
}

/// What rules see and act through during one pass.
struct FollowUpContext: Sendable {
    let jobs: JobContext
    let now: Date
    let policy: FollowUpPolicy
    let working: WorkingCalendar
    /// Expected arrivals for the libraries of the batch being checked.
    let estimator: DeliveryEstimator

    var application: Application { self.jobs.application }
    var today: Day { Day(self.now) }

    /// Queues `notice` about `request` under `key` and sets the request's `flag` column (once) in one
    /// transaction; true when either was new.
    func notify(_ notice: Notice?, about request: StoredRequest, key: String, flag: String? = nil) async throws -> Bool
    {
        let records =
            try await notice.asyncMap { notice in
                try await MailQueue(directory: self.application.libraryDirectory, database: self.application.db)
                    .records(for: [notice], requestID: request.id, at: self.now) { _ in key }
            } ?? []
        let requestID = request.id
        let now = self.now
        return try await self.application.writes.write { sql in
            var changed = false
            if let flag {
                let flagged = try await sql.update(RequestRecord.table).set(SQLIdentifier(flag), to: SQLBind(now))
                    .where("id", .equal, requestID).where(SQLIdentifier(flag), .is, SQLLiteral.null)
                    .returning("id").all()
                changed = !flagged.isEmpty
            }
            if !records.isEmpty {
                for record in records {
                    let insert = try RowInsert.query(
                        [record], nilAsNull: false, suffix: "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")
                    changed = try await !sql.raw(insert).all().isEmpty || changed
                }
            }
            return changed
        }
    }

    /// The forward shipment of a shipped request and its expected arrival (nil when it cannot be estimated).
    func forwardShipment(of request: StoredRequest) -> (shipment: Shipment, expected: Day?)? {
        guard let shipment = request.state.shipments.last(where: { $0.direction == .forward }) else { return nil }
        return (shipment, self.estimator.arrival(of: shipment))
    }

    /// A notice about `request` for `recipient`, its other party filled in.
    func notice(_ kind: NoticeKind, about request: StoredRequest, to recipient: String, other: String?) -> Notice {
        var notice = Notice(kind: kind, requestNumber: request.number, title: request.row.title, recipient: recipient)
        notice.otherLibrary = other
        return notice
    }
}
