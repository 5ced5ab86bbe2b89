/// Why a lender cannot supply: the ISO 18626 ReasonUnfilled code list, so answers travel unchanged to and from
/// other ILL systems.
public enum UnfilledReason {
    /// The codes with the words staff see beside them.
    public static let all: [(code: String, label: String)] = [
        ("NotHeld", "Not held"),
        ("NotOnShelf", "Not on shelf"),
        ("OnLoan", "On loan"),
        ("InProcess", "In process"),
        ("OnOrder", "On order"),
        ("AtBindery", "At the bindery"),
        ("Lacking", "Volume or issue lacking"),
        ("NotYetAvailable", "Volume or issue not yet available"),
        ("NonCirculating", "Non-circulating"),
        ("NotAvailableForILL", "Not available for ILL"),
        ("PoorCondition", "Poor condition"),
        ("OnReserve", "On reserve"),
        ("OnHold", "On hold"),
        ("NotFoundAsCited", "Not found as cited"),
        ("CostExceedsLimit", "Cost exceeds limit"),
        ("PolicyProblem", "Policy problem"),
        ("CopyrightCompliance", "Copyright compliance"),
        ("Other", "Other"),
    ]

    public static let codes: [String] = all.map(\.code)
}
