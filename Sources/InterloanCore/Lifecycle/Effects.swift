import Foundation

/// What each action changes besides the status; the status itself comes from the transition table.
enum Effects {
    /// Applies `action` to `state` and returns the details the history records.
    static func apply(
        _ action: Action, arguments: Arguments, to state: inout RequestState, today: Day, now: Date
    ) -> [String: String] {
        var details = self.recordedArguments(arguments)
        if let lender = state.currentLender { details["lender"] = lender }
        switch action {
        case .willSupply:
            self.answer(&state, .willSupply, note: arguments.text("note"), now: now)
        case .conditional:
            self.answer(&state, .conditional, note: arguments.text("note"), now: now)
        case .acceptConditions:
            self.answer(&state, .willSupply, note: nil, now: now)
        case .rejectConditions:
            self.answer(&state, .conditionsRejected, note: nil, now: now)
        case .unfilled:
            self.answer(&state, .unfilled, note: arguments.text("note"), now: now)
            if let index = state.currentLenderIndex { state.lenders[index].reason = arguments.text("reason") }
        case .ship:
            self.answer(&state, .shipped, note: nil, now: now)
            if state.serviceType == .loan { state.dueDate = arguments.date("dueDate") }
            state.shipments.append(
                Shipment(
                    direction: .forward, carrier: Carrier(rawValue: arguments.text("carrier") ?? "") ?? .other,
                    trackingNumber: arguments.text("trackingNumber"), shippedOn: today,
                    from: state.currentLender ?? "", to: state.borrower))
            details["shippedOn"] = today.description
        case .renew:
            state.renewals.append(Renewal(requestedOn: today, desiredDueDate: arguments.date("desiredDueDate")!))
        case .answerRenewal:
            if let index = state.pendingRenewalIndex {
                let approved = arguments.boolean("approve") == true
                state.renewals[index].status = approved ? .approved : .denied
                state.renewals[index].answeredOn = today
                state.renewals[index].note = arguments.text("note")
                if approved {
                    state.renewals[index].newDueDate = arguments.date("dueDate")
                    state.dueDate = arguments.date("dueDate")
                }
            }
        case .returnShip:
            self.withdrawPendingRenewal(&state, today: today)
            state.shipments.append(
                Shipment(
                    direction: .return, carrier: Carrier(rawValue: arguments.text("carrier") ?? "") ?? .other,
                    trackingNumber: arguments.text("trackingNumber"), shippedOn: today,
                    from: state.borrower, to: state.currentLender ?? ""))
            details["shippedOn"] = today.description
        case .recall:
            self.withdrawPendingRenewal(&state, today: today)
        case .cancel:
            if state.status != .willSupply { self.answer(&state, .cancelled, note: nil, now: now) }
        case .answerCancel:
            if arguments.boolean("approve") == true { self.answer(&state, .cancelled, note: nil, now: now) }
        case .route:
            self.answer(&state, .withdrawn, note: nil, now: now)
            if arguments.boolean("append") != true { state.lenders.removeAll { $0.outcome == .waiting } }
            state.lenders.append(contentsOf: (arguments.symbols("lenders") ?? []).map { LenderAttempt(symbol: $0) })
        case .noAnswer:
            self.answer(&state, .noAnswer, note: arguments.text("note"), now: now)
        case .resend:
            if let index = state.currentLenderIndex, state.lenders[index].outcome == .shipped {
                state.lenders[index].outcome = .willSupply
            }
        case .receive, .checkIn, .reportLost, .reportDamaged, .payCopyrightFee, .obtainElsewhere:
            break
        }
        return details
    }

    /// Asks the first untried lender in the string, or hands the request to the team when none is left.
    static func askNextLender(_ state: inout RequestState, now: Date) -> [String: String] {
        guard let index = state.lenders.firstIndex(where: { $0.outcome == .waiting }) else {
            state.currentLenderIndex = nil
            state.status = .needsLender
            return ["nextLender": "none"]
        }
        state.lenders[index].outcome = .asked
        state.lenders[index].askedAt = now
        state.currentLenderIndex = index
        state.status = .sentToLender
        return ["nextLender": state.lenders[index].symbol]
    }

    /// Records the current lender's answer on its attempt; a request without a current lender has none to record.
    private static func answer(_ state: inout RequestState, _ outcome: LenderAttempt.Outcome, note: String?, now: Date)
    {
        guard let index = state.currentLenderIndex,
            [.asked, .conditional, .willSupply].contains(state.lenders[index].outcome) || outcome == .shipped
        else { return }
        state.lenders[index].outcome = outcome
        // The first answer is the one that counts for the lender's answer time; shipping comes later.
        if state.lenders[index].answeredAt == nil { state.lenders[index].answeredAt = now }
        if let note { state.lenders[index].note = note }
    }

    private static func withdrawPendingRenewal(_ state: inout RequestState, today: Day) {
        guard let index = state.pendingRenewalIndex else { return }
        state.renewals[index].status = .withdrawn
        state.renewals[index].answeredOn = today
    }

    private static func recordedArguments(_ arguments: Arguments) -> [String: String] {
        arguments.values.mapValues { value in
            switch value {
            case .text(let text): return text
            case .date(let day): return day.description
            case .boolean(let flag): return flag ? "true" : "false"
            case .symbols(let symbols): return symbols.joined(separator: ",")
            }
        }
    }
}
