/// Where a request stands in its life, seen by both the borrowing library and the lender.
public enum RequestStatus: String, CaseIterable, Codable, Sendable {
    /// Placed by a patron at a library that checks patrons' requests first: its staff check it and route it.
    case submitted
    /// A copy past the borrowing library's copyright guidelines for its title this year: staff pay a fee (and it
    /// goes on under copyright law), obtain it elsewhere, or cancel it before any lender is asked.
    case copyrightReview
    /// No lender is being asked: none was given, or every lender in the string declined. The team mediates.
    case needsLender
    /// The current lender in the string has been asked and has not answered.
    case sentToLender
    /// The lender can supply under conditions the borrower has to accept or reject.
    case conditional
    /// The lender agreed to supply and is pulling the item.
    case willSupply
    /// The borrower asked to cancel after the lender agreed; the lender decides.
    case cancelRequested
    /// The lender shipped the item (or sent the copy) to the borrower.
    case shipped
    /// The borrower has the loan.
    case received
    /// The borrower asked for a later due date; the lender has not answered yet.
    case renewalRequested
    /// The lender wants the loan back early.
    case recalled
    /// The borrower shipped the loan back to the lender.
    case returned
    /// The loan is checked in by the lender, or the copy was delivered.
    case completed
    case cancelled
    case lost
    case damaged

    /// States in which nothing more happens to the request.
    public var isFinal: Bool {
        switch self {
        case .completed, .cancelled, .lost, .damaged: return true
        default: return false
        }
    }
}

/// Whether the borrower gets the item itself (and returns it) or a copy it keeps.
public enum ServiceType: String, CaseIterable, Codable, Sendable {
    case loan
    case copy
}

/// How a library stands to one request, which decides what it may do to it.
public enum PartyRole: String, CaseIterable, Codable, Sendable, Comparable {
    /// Staff of the library that placed the request.
    case borrower
    /// Staff of the library currently asked to lend.
    case lender
    /// The consortium's resource sharing team, which sees and mediates everything.
    case team

    public static func < (lhs: PartyRole, rhs: PartyRole) -> Bool {
        Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
    }
}
