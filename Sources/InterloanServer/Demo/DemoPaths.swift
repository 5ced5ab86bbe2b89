import InterloanCore

/// The walks demo requests take through the lifecycle; together they end in every state.
struct DemoPaths {
    struct Step {
        let action: Action
        var byBorrower = false
        var byTeam = false
        var arguments: @Sendable (Day) -> Arguments = { _ in Arguments() }
    }

    let serviceType: ServiceType
    let lenderCount: Int
    let steps: [Step]
    /// Placed by a patron at a library that checks patrons' requests first: it waits in "New from patrons".
    var fromPatron = false
    /// A copy past its borrower's copyright guidelines for the title: it waits in "Copyright review".
    var pastCopyrightLimit = false

    /// Whether the walk ends with a lender asked and not yet answering.
    var endsWithALenderAsked: Bool {
        !self.fromPatron && !self.pastCopyrightLimit
            && self.lenderCount > self.steps.filter { $0.action == .unfilled }.count
            && (self.steps.isEmpty || self.steps.last?.action == .unfilled)
    }

    static let supply = Step(action: .willSupply)
    static let ship = Step(action: .ship) { today in
        Arguments(["carrier": .text("courier"), "dueDate": .date(today.adding(days: 28))])
    }
    static let shipCopy = Step(action: .ship) { _ in Arguments(["carrier": .text("other")]) }
    static let receive = Step(action: .receive, byBorrower: true)
    static let returnShip = Step(action: .returnShip, byBorrower: true) { _ in
        Arguments(["carrier": .text("courier")])
    }
    static let unfilled = Step(action: .unfilled) { _ in Arguments(["reason": .text("NotOnShelf")]) }

    static let all: [DemoPaths] = [
        DemoPaths(serviceType: .loan, lenderCount: 3, steps: []),
        DemoPaths(serviceType: .loan, lenderCount: 0, steps: []),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [unfilled, unfilled]),
        DemoPaths(serviceType: .loan, lenderCount: 3, steps: [unfilled]),
        DemoPaths(
            serviceType: .loan, lenderCount: 2,
            steps: [
                Step(action: .conditional) { _ in Arguments(["note": .text("Library use only")]) }
            ]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [supply]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [supply, Step(action: .cancel, byBorrower: true)]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [supply, ship]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [supply, ship, receive]),
        DemoPaths(
            serviceType: .loan, lenderCount: 1,
            steps: [
                supply, ship, receive,
                Step(action: .renew, byBorrower: true) { today in
                    Arguments(["desiredDueDate": .date(today.adding(days: 56))])
                },
            ]),
        DemoPaths(serviceType: .loan, lenderCount: 1, steps: [supply, ship, receive, Step(action: .recall)]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [supply, ship, receive, returnShip]),
        DemoPaths(
            serviceType: .loan, lenderCount: 2, steps: [supply, ship, receive, returnShip, Step(action: .checkIn)]),
        DemoPaths(serviceType: .copy, lenderCount: 2, steps: [supply, shipCopy, receive]),
        DemoPaths(serviceType: .loan, lenderCount: 2, steps: [Step(action: .cancel, byBorrower: true)]),
        DemoPaths(
            serviceType: .loan, lenderCount: 1,
            steps: [
                supply, ship, receive, Step(action: .reportLost, byBorrower: true),
            ]),
        DemoPaths(
            serviceType: .loan, lenderCount: 1,
            steps: [
                supply, ship, receive, returnShip, Step(action: .reportDamaged),
            ]),
        DemoPaths(serviceType: .loan, lenderCount: 0, steps: [], fromPatron: true),
        DemoPaths(serviceType: .copy, lenderCount: 2, steps: [], pastCopyrightLimit: true),
    ]
}
