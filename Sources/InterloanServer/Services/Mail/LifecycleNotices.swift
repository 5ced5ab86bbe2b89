import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The notices of one lifecycle change, prepared before its transaction and written inside it, so a notice
/// exists exactly when the change does.
struct LifecycleNotices: Sendable {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    /// The outbox writes for `action` taking `stored` to `after` (version `stored.version + 1`), or nil when the
    /// change notifies nobody.
    func sideWrites(
        action: Action, arguments: Arguments, stored: StoredRequest, after: RequestState, actor: ActingParty
    ) async throws -> SideWrites? {
        var notices = NoticePlanner.notices(
            action: action, arguments: arguments, before: stored.state, after: after, actor: actor,
            requestNumber: stored.number, title: stored.row.title)
        guard !notices.isEmpty else { return nil }
        if notices.contains(where: { $0.kind == .shipped }), let shipment = after.shipments.last {
            let estimator = try await DeliveryEstimator.load(self.request, libraries: [shipment.from, shipment.to])
            let arrival = estimator.arrival(of: shipment)
            for index in notices.indices where notices[index].kind == .shipped {
                notices[index].expectedArrival = arrival
            }
        }
        let version = stored.version + 1
        let requestID = stored.id
        let records = try await MailQueue(
            directory: self.request.application.libraryDirectory, database: self.request.fluentReads
        )
        .records(for: notices, requestID: requestID, at: self.request.application.clock.now()) {
            $0.lifecycleKey(requestID: requestID, version: version)
        }
        guard !records.isEmpty else { return nil }
        let inserts = try MailQueue.inserts(records).map(self.request.writes.ready)
        return { sql, _ in
            for insert in inserts { try await sql.run(insert) }
        }
    }
}
