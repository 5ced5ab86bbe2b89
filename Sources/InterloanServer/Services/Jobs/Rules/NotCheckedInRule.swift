import Foundation
import InterloanCore

/// An item returned 30 days ago and still not checked in: the lender is asked to check it in (or to tell the
/// team it never came back).
struct NotCheckedInRule: FollowUpRule {
    let name = "returned-not-checked-in"
    let statuses: Set<RequestStatus> = [.returned]

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let shipment = request.state.shipments.last(where: { $0.direction == .return }) else { return .done }
        let due = context.policy.notCheckedInDay(returnedOn: shipment.shippedOn)
        guard context.today >= due else { return .later(due) }
        var notice = context.notice(.notCheckedIn, about: request, to: shipment.to, other: shipment.from)
        notice.shippedOn = shipment.shippedOn
        notice.carrier = shipment.carrier
        notice.trackingNumber = shipment.trackingNumber
        let changed = try await context.notify(
            notice, about: request, key: "notCheckedIn:\(request.id):\(shipment.shippedOn)")
        return FollowUpCheck(changed: changed, next: nil)
    }
}
