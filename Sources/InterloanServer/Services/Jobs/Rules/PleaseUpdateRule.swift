import Foundation
import InterloanCore

/// The lender reports the item shipped and the borrower has not marked it Received by the expected arrival plus
/// three days: the borrower is asked to update, so the lender knows it arrived.
struct PleaseUpdateRule: FollowUpRule {
    let name = "please-update"
    let statuses: Set<RequestStatus> = [.shipped]

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let (shipment, expected) = context.forwardShipment(of: request) else { return .done }
        let due = context.policy.pleaseUpdateDay(
            shippedOn: shipment.shippedOn, expected: expected, serviceType: request.state.serviceType)
        guard context.today >= due else { return .later(due) }
        var notice = context.notice(.pleaseUpdate, about: request, to: request.state.borrower, other: shipment.from)
        notice.shippedOn = shipment.shippedOn
        notice.expectedArrival = expected
        let changed = try await context.notify(
            notice, about: request, key: "pleaseUpdate:\(request.id):\(shipment.shippedOn)")
        return FollowUpCheck(changed: changed, next: nil)
    }
}
