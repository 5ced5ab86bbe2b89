import Foundation
import InterloanCore

/// A shipment past its expected arrival plus a grace day, and in any case 14 days after shipping a loan (7 for a
/// copy), enters the borrower's and the team's "Not received" queue, and the borrower is told.
struct NotReceivedRule: FollowUpRule {
    let name = "not-received"
    let statuses: Set<RequestStatus> = [.shipped]

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let (shipment, expected) = context.forwardShipment(of: request) else { return .done }
        let due = context.policy.notReceivedDay(
            shippedOn: shipment.shippedOn, expected: expected, serviceType: request.state.serviceType)
        guard context.today >= due else { return .later(due) }
        var notice = context.notice(.notReceived, about: request, to: request.state.borrower, other: shipment.from)
        notice.shippedOn = shipment.shippedOn
        notice.expectedArrival = expected
        let changed = try await context.notify(
            notice, about: request, key: "notReceived:\(request.id):\(shipment.shippedOn)", flag: "not_received_at")
        return FollowUpCheck(changed: changed, next: nil)
    }
}
