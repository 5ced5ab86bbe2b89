// The closed code lists of ISO 18626 v1.2 that Interloan reads and writes.

/// A supplier's status in a SupplyingAgencyMessage.
public enum SupplierStatus: String, Sendable, CaseIterable {
    case requestReceived = "RequestReceived"
    case expectToSupply = "ExpectToSupply"
    case willSupply = "WillSupply"
    case loaned = "Loaned"
    case overdue = "Overdue"
    case recalled = "Recalled"
    case retryPossible = "RetryPossible"
    case unfilled = "Unfilled"
    case copyCompleted = "CopyCompleted"
    case loanCompleted = "LoanCompleted"
    case completedWithoutReturn = "CompletedWithoutReturn"
    case cancelled = "Cancelled"
}

/// Why a SupplyingAgencyMessage is sent.
public enum ReasonForMessage: String, Sendable, CaseIterable {
    case requestResponse = "RequestResponse"
    case statusRequestResponse = "StatusRequestResponse"
    case renewResponse = "RenewResponse"
    case cancelResponse = "CancelResponse"
    case statusChange = "StatusChange"
    case notification = "Notification"
}

/// What a requester tells the supplier in a RequestingAgencyMessage.
public enum RequesterAction: String, Sendable, CaseIterable {
    case statusRequest = "StatusRequest"
    case received = "Received"
    case cancel = "Cancel"
    case renew = "Renew"
    case shippedReturn = "ShippedReturn"
    case shippedForward = "ShippedForward"
    case notification = "Notification"
}

/// Loan, copy, or whichever the supplier prefers.
public enum RequestedService: String, Sendable, CaseIterable {
    case copy = "Copy"
    case loan = "Loan"
    case copyOrLoan = "CopyOrLoan"
}

/// A first request, a retry after RetryPossible, or a reminder.
public enum RequestType: String, Sendable, CaseIterable {
    case new = "New"
    case retry = "Retry"
    case reminder = "Reminder"
}

/// A confirmation's verdict.
public enum MessageStatus: String, Sendable, CaseIterable {
    case ok = "OK"
    case error = "ERROR"
}
