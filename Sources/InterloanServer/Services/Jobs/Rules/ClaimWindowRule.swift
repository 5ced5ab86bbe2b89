import Foundation
import InterloanCore

/// A shipment never received may be claimed from the courier from two months after shipping until one year:
/// when the window opens, the borrower is told until when.
struct ClaimWindowRule: FollowUpRule {
    let name = "courier-claim-window"
    let statuses: Set<RequestStatus> = [.shipped]

    func check(_ request: StoredRequest, context: FollowUpContext) async throws -> FollowUpCheck {
        guard let shipment = request.state.shipments.last(where: { $0.direction == .forward }),
            shipment.carrier == .courier
        else { return .done }
        let window = context.policy.claimWindow(shippedOn: shipment.shippedOn)
        guard context.today >= window.lowerBound else { return .later(window.lowerBound) }
        guard context.today <= window.upperBound else { return .done }
        var notice = context.notice(.claimWindowOpen, about: request, to: request.state.borrower, other: shipment.from)
        notice.shippedOn = shipment.shippedOn
        notice.until = window.upperBound
        let changed = try await context.notify(
            notice, about: request, key: "claimWindowOpen:\(request.id):\(shipment.shippedOn)")
        return FollowUpCheck(changed: changed, next: nil)
    }
}
