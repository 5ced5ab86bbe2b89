import Foundation

/// An ILS's answer, as much of it as Interloan uses.
public struct NCIPResponse: Sendable, Equatable {
    /// The service answered; nil when the whole message was a `Problem` with no response element.
    public var service: NCIPService?
    /// What went wrong; empty when the call succeeded.
    public var problems: [NCIPProblem]
    /// LookupUser: who the patron is.
    public var patron: NCIPPatron?
    /// CheckOutItem: when the item is due.
    public var dateDue: Date?
    /// CheckOutItem: the calendar day of `dateDue` as the ILS wrote it (`YYYY-MM-DD`, in the ILS's own time
    /// zone), the day a loan's due date is; converting `dateDue` to another zone could move it a day.
    public var dayDue: String?

    public init(
        service: NCIPService?, problems: [NCIPProblem] = [], patron: NCIPPatron? = nil, dateDue: Date? = nil
    ) {
        self.service = service
        self.problems = problems
        self.patron = patron
        self.dateDue = dateDue
    }

    /// True when the ILS did what was asked, or had done it already: an item not checked out any more, a
    /// temporary item accepted already or deleted already is what a retry of a call whose answer was lost finds.
    public var succeeded: Bool {
        guard let service = self.service else { return false }
        return self.problems.allSatisfy { $0.meansAlreadyDone(for: service) }
    }
}

/// An NCIP `Problem`: its type (such as `Unknown Item` or `Needed Data Missing`) and what it names.
public struct NCIPProblem: Sendable, Equatable, Codable {
    public var type: String
    public var detail: String?
    public var element: String?
    public var value: String?

    public init(type: String, detail: String? = nil, element: String? = nil, value: String? = nil) {
        self.type = type
        self.detail = detail
        self.element = element
        self.value = value
    }

    /// Whether this problem, answered to `service`, says the call's effect is there already (problem types of
    /// the NCIP processing error schemes, compared without regard to case).
    public func meansAlreadyDone(for service: NCIPService) -> Bool {
        switch (service, self.type.lowercased()) {
        case (.checkInItem, "item not checked out"): true
        case (.acceptItem, "duplicate item"), (.acceptItem, "duplicate request"): true
        case (.deleteItem, "unknown item"): true
        default: false
        }
    }

    /// One line for staff: the type, then what it names.
    public var summary: String {
        [self.type, self.detail, self.element.map { "(\($0))" }, self.value.map { "value \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
    }
}

/// A patron as the ILS knows them.
public struct NCIPPatron: Sendable, Equatable, Codable {
    public var name: String?
    public var email: String?
    /// Each block or trap the ILS reports (`BlockOrTrapType`), such as an unpaid fine.
    public var blocks: [String]

    public init(name: String? = nil, email: String? = nil, blocks: [String] = []) {
        self.name = name
        self.email = email
        self.blocks = blocks
    }
}

/// Why an answer could not be read: its bytes are no NCIP response to the call made.
public struct NCIPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
