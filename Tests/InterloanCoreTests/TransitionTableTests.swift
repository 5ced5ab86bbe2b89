import Testing

@testable import InterloanCore

/// The table checked cell by cell against the rules written out independently here, so a changed row is noticed.
struct TransitionTableTests {
    /// Who may perform each action in each state, restated from DOMAIN.md and the lifecycle issue.
    static let expected: [Action: [RequestStatus: Set<PartyRole>]] = [
        .willSupply: [.sentToLender: [.lender]],
        .conditional: [.sentToLender: [.lender]],
        .acceptConditions: [.conditional: [.borrower]],
        .rejectConditions: [.conditional: [.borrower]],
        .unfilled: [.sentToLender: [.lender], .willSupply: [.lender]],
        .ship: [.willSupply: [.lender]],
        .receive: [.shipped: [.borrower]],
        .renew: [.received: [.borrower]],
        .answerRenewal: [.renewalRequested: [.lender]],
        .returnShip: [.received: [.borrower], .renewalRequested: [.borrower], .recalled: [.borrower]],
        .checkIn: [.returned: [.lender], .recalled: [.lender]],
        .cancel: [
            .submitted: [.borrower, .team], .needsLender: [.borrower, .team], .sentToLender: [.borrower, .team],
            .conditional: [.borrower, .team], .copyrightReview: [.borrower, .team],
            .willSupply: [.borrower, .team],
        ],
        .answerCancel: [.cancelRequested: [.lender]],
        .recall: [.received: [.lender], .renewalRequested: [.lender]],
        .reportLost: [
            .shipped: [.borrower, .lender, .team], .returned: [.borrower, .lender, .team],
            .received: [.borrower, .team], .renewalRequested: [.borrower, .team], .recalled: [.borrower, .team],
        ],
        .reportDamaged: [
            .received: [.borrower, .team], .renewalRequested: [.borrower, .team], .recalled: [.borrower, .team],
            .returned: [.lender, .team],
        ],
        // The borrowing library edits its own lender string, and routes its patrons' requests once checked; the
        // team mediates any request.
        .route: [
            .submitted: [.borrower, .team], .needsLender: [.borrower, .team], .sentToLender: [.borrower, .team],
        ],
        .noAnswer: [.sentToLender: [.team]],
        // Only the borrowing library can say a delivered file is unusable.
        .resend: [.shipped: [.borrower]],
        // A copy past the copyright guidelines is the borrowing library's to decide on, or the team's.
        .payCopyrightFee: [.copyrightReview: [.borrower, .team]],
        .obtainElsewhere: [.copyrightReview: [.borrower, .team]],
    ]

    static func state(_ status: RequestStatus) -> RequestState {
        RequestState(
            status: status, serviceType: .loan, borrower: "BOR",
            lenders: [LenderAttempt(symbol: "LEN", outcome: .asked)], currentLenderIndex: 0,
            dueDate: Day("2026-12-31"),
            // Shipped as a file, so that asking for it again is possible where the table allows it.
            shipments: status == .shipped
                ? [
                    Shipment(
                        direction: .forward, carrier: .electronic, trackingNumber: nil, shippedOn: Day("2026-12-01")!,
                        from: "LEN", to: "BOR")
                ] : [],
            renewals: status == .renewalRequested
                ? [Renewal(requestedOn: Day("2026-12-01")!, desiredDueDate: Day("2027-01-31")!)] : [])
    }

    @Test(arguments: RequestStatus.allCases)
    func everyActionAndRoleInThisStateIsDecidedAsSpecified(status: RequestStatus) {
        for action in Action.allCases {
            for role in PartyRole.allCases {
                let decision = Lifecycle.decide(action, in: Self.state(status), roles: [role])
                let shouldAllow = Self.expected[action]?[status]?.contains(role) ?? false
                switch decision {
                case .allowed(let row):
                    #expect(shouldAllow, "\(role) must not \(action) in \(status)")
                    #expect(row.action == action)
                case .refused(let reason):
                    #expect(!shouldAllow, "\(role) must be able to \(action) in \(status): \(reason)")
                    let namesCause = reason.contains(status.rawValue) || reason.contains("only the")
                    #expect(namesCause, "refusal '\(reason)' names neither the state nor who may act")
                }
            }
        }
    }

    @Test func finalStatesAllowNothing() {
        for status in RequestStatus.allCases where status.isFinal {
            #expect(Lifecycle.allowedActions(in: Self.state(status), roles: Set(PartyRole.allCases)).isEmpty)
        }
    }

    @Test func everyNonFinalStateHasAWayOn() {
        for status in RequestStatus.allCases where !status.isFinal {
            #expect(!Lifecycle.allowedActions(in: Self.state(status), roles: Set(PartyRole.allCases)).isEmpty)
        }
    }

    @Test func refusalForTheWrongRoleNamesWhoMayAct() {
        let decision = Lifecycle.decide(.ship, in: Self.state(.willSupply), roles: [.borrower])
        guard case .refused(let reason) = decision else {
            Issue.record("a borrower must not ship")
            return
        }
        #expect(reason == "only the lender may ship now")
    }

    @Test func generatedDiagramMentionsEveryTransition() {
        let markdown = LifecycleDiagram.markdown()
        for row in TransitionTable.rows {
            for from in row.from {
                for to in row.target.possibleStatuses {
                    #expect(markdown.contains("\(from.rawValue) --> \(to.rawValue): \(row.action.rawValue)"))
                }
            }
        }
    }
}
