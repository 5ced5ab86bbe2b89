import Foundation

/// One entry of a request's history as the reports read it: what was done, when, and the status it led to.
public struct HistoryEntry: Sendable, Equatable {
    public var at: Date
    public var action: String
    public var from: RequestStatus?
    public var to: RequestStatus
    public var details: [String: String]

    public init(at: Date, action: String, from: RequestStatus?, to: RequestStatus, details: [String: String] = [:]) {
        self.at = at
        self.action = action
        self.from = from
        self.to = to
        self.details = details
    }
}
