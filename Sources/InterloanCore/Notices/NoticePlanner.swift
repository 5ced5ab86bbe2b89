import Foundation

/// Decides which notices a lifecycle change sends, and to which library. Pure: the server adds what needs the
/// database (expected arrival, addresses, opt-outs) and queues them in the change's transaction.
public enum NoticePlanner {
    public static func notices(
        action: Action, arguments: Arguments, before: RequestState?, after: RequestState, actor: ActingParty,
        requestNumber: String, title: String
    ) -> [Notice] {
        guard let before else { return [] }
        func notice(_ kind: NoticeKind, to recipient: String, other: String?) -> Notice {
            var notice = Notice(kind: kind, requestNumber: requestNumber, title: title, recipient: recipient)
            notice.otherLibrary = other
            return notice
        }
        var notices: [Notice] = []
        let lender = before.currentLender
        switch action {
        case .answerRenewal:
            guard let index = before.pendingRenewalIndex, index < after.renewals.count else { break }
            let renewal = after.renewals[index]
            var decision = notice(
                renewal.status == .approved ? .renewalApproved : .renewalDenied, to: after.borrower, other: lender)
            decision.dueDate = after.dueDate
            decision.note = renewal.note
            notices.append(decision)
        case .ship:
            guard let shipment = after.shipments.last(where: { $0.direction == .forward }) else { break }
            var shipped = notice(.shipped, to: after.borrower, other: shipment.from)
            shipped.shippedOn = shipment.shippedOn
            shipped.carrier = shipment.carrier
            shipped.trackingNumber = shipment.trackingNumber
            shipped.dueDate = after.dueDate
            notices.append(shipped)
        case .conditional:
            var offer = notice(.conditionalOffer, to: after.borrower, other: lender)
            offer.note = arguments.text("note")
            notices.append(offer)
        default:
            break
        }
        if after.status == .needsLender, before.status != .needsLender {
            var unfilled = notice(.unfilledNeedsLender, to: after.borrower, other: lender)
            let last = before.currentLenderIndex.flatMap {
                after.lenders.indices.contains($0) ? after.lenders[$0] : nil
            }
            unfilled.note = last.map { attempt in
                [attempt.symbol, attempt.reason, attempt.note].compactMap { $0 }.joined(separator: ": ")
            }
            notices.append(unfilled)
        }
        if after.status == .cancelled, before.status != .cancelled {
            let reason = arguments.text("reason")
            let wasAsked: Set<RequestStatus> = [.sentToLender, .conditional, .willSupply, .cancelRequested]
            var parties = [after.borrower]
            if let lender, wasAsked.contains(before.status) { parties.append(lender) }
            for party in parties where party != actor.librarySymbol {
                var cancelled = notice(.cancelled, to: party, other: party == after.borrower ? lender : after.borrower)
                cancelled.note = reason
                notices.append(cancelled)
            }
        }
        return notices
    }
}
