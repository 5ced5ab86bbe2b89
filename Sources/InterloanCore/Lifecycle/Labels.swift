/// The words staff see for states and actions.
extension RequestStatus {
    public var label: String {
        switch self {
        case .submitted: return "From a patron, to check"
        case .copyrightReview: return "Copyright review"
        case .needsLender: return "Needs a lender"
        case .sentToLender: return "Sent to lender"
        case .conditional: return "Conditional"
        case .willSupply: return "Will supply"
        case .cancelRequested: return "Cancel requested"
        case .shipped: return "Shipped"
        case .received: return "Received"
        case .renewalRequested: return "Renewal requested"
        case .recalled: return "Recalled"
        case .returned: return "Returned"
        case .completed: return "Completed"
        case .cancelled: return "Cancelled"
        case .lost: return "Lost"
        case .damaged: return "Damaged"
        }
    }
}

extension Action {
    public var label: String {
        switch self {
        case .willSupply: return "Will supply"
        case .conditional: return "Conditional"
        case .acceptConditions: return "Accept conditions"
        case .rejectConditions: return "Reject conditions"
        case .unfilled: return "Unfilled"
        case .ship: return "Ship"
        case .receive: return "Received"
        case .renew: return "Renewal request"
        case .answerRenewal: return "Answer renewal"
        case .returnShip: return "Return"
        case .checkIn: return "Check in"
        case .cancel: return "Cancel request"
        case .answerCancel: return "Answer cancel request"
        case .recall: return "Recall"
        case .reportLost: return "Report lost"
        case .reportDamaged: return "Report damaged"
        case .route: return "Route to lenders"
        case .noAnswer: return "No answer in time"
        case .resend: return "Ask for the file again"
        case .payCopyrightFee: return "Pay the copyright fee and go on"
        case .obtainElsewhere: return "Obtain it elsewhere"
        }
    }
}

extension Carrier {
    public var label: String {
        switch self {
        case .courier: return "Courier"
        case .usps: return "USPS"
        case .other: return "Other"
        case .electronic: return "Electronic delivery"
        }
    }
}
