/// The guards of the transition table, named so the table reads as a specification.
enum Guards {
    static let loanHasDueDate = Guard(
        "a loan is shipped with a due date, or with an item barcode when the lender's ILS gives the due date",
        field: "dueDate"
    ) { input in
        input.state.serviceType == .copy || input.arguments.date("dueDate") != nil
            || (input.state.lenderILSSetsDueDate && input.arguments.text("itemBarcode") != nil)
    }

    static let electronicOnlyForCopies = Guard("only a copy travels electronically, as a file", field: "carrier") {
        input in
        input.state.serviceType == .copy || input.arguments.text("carrier") != Carrier.electronic.rawValue
    }

    static let deliveredElectronically = Guard("only a file delivered electronically can be sent again") { input in
        input.state.shipments.last(where: { $0.direction == .forward })?.carrier == .electronic
    }

    static let dueDateAfterToday = Guard("the due date lies after the ship date", field: "dueDate") { input in
        input.arguments.date("dueDate").map { $0 > input.today } ?? true
    }

    static let lenderRenews = Guard("the lender's policy allows renewals") { input in
        input.state.lenderPolicy.renewalsAllowed
    }

    static let renewalsLeft = Guard("the lender's renewal limit is not reached") { input in
        input.state.approvedRenewals < input.state.lenderPolicy.maxRenewals
    }

    static let desiredDateAfterDueDate = Guard(
        "the desired due date lies after the current due date",
        field: "desiredDueDate"
    ) { input in
        guard let desired = input.arguments.date("desiredDueDate") else { return true }
        return desired > (input.state.dueDate ?? input.today)
    }

    static let approvalHasLaterDueDate = Guard("an approved renewal sets a new, later due date", field: "dueDate") {
        input in
        guard input.arguments.boolean("approve") == true else { return true }
        guard let newDate = input.arguments.date("dueDate") else { return false }
        return newDate > (input.state.dueDate ?? input.today)
    }

    static let routesAwayFromBorrower = Guard("the borrowing library never lends to itself", field: "lenders") {
        input in
        !(input.arguments.symbols("lenders") ?? []).contains(input.state.borrower)
    }

    static let routesToDistinctLenders = Guard("each lender appears once in the list given", field: "lenders") {
        input in
        let symbols = input.arguments.symbols("lenders") ?? []
        return Set(symbols).count == symbols.count
    }
}
