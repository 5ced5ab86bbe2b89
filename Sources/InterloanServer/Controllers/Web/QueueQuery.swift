import Fluent
import InterloanCore
import Vapor

/// The requests in one work queue, for the caller's own desk.
enum QueueQuery {
    static func listing(_ queue: WorkQueue, caller: Caller, today: Day) -> RequestListing {
        var listing = RequestListing(statuses: queue.statuses.map(\.rawValue))
        let library = caller.libraryID ?? -1
        switch queue.desk {
        case .borrowing: listing.borrowerID = library
        case .lending: listing.currentLenderID = library
        case .team: break
        }
        if queue.ilsProblems { listing.ilsProblems = queue.desk == .team ? .anyLibrary : .library(library) }
        if queue.overdueOnly { listing.dueBefore = today.description }
        listing.partnersOnly = queue.partnersOnly
        listing.flag = queue.flag
        listing.patronAsk = queue.patronAsk
        return listing
    }

    /// The queues of the desks this caller works at.
    static func desks(for caller: Caller) -> [WorkQueue.Desk] {
        caller.isTeam ? [.team] : [.borrowing, .lending]
    }
}

/// One line of a request list.
struct RequestRow: Encodable {
    var id: String
    var title: String
    var author: String?
    var status: String
    var statusLabel: String
    var borrower: String
    var lender: String?
    var dueDate: String?
    var neededBy: String?
    var updated: String
    var overdue: Bool

    static func rows(_ models: [RequestRecord], directory: LibraryDirectory, today: Day, on database: any Database)
        async throws -> [RequestRow]
    {
        var rows: [RequestRow] = []
        for model in models {
            let status = RequestStatus(rawValue: model.status) ?? .needsLender
            let borrower = try await directory.library(id: model.borrowerID, on: database)?.symbol ?? "?"
            let lender = try await model.currentLenderID.asyncMap {
                try await directory.library(id: $0, on: database)?.symbol
            }
            rows.append(
                RequestRow(
                    id: RequestNumber.encode(model.id!), title: model.title, author: model.author,
                    status: status.rawValue, statusLabel: status.label, borrower: borrower, lender: lender,
                    dueDate: model.dueDate, neededBy: model.neededBy,
                    updated: String(Timestamp.string(model.updatedAt).prefix(10)),
                    overdue: WorkQueue.onLoanAtBorrower.contains(status)
                        && (model.dueDate.map { $0 < today.description } ?? false)))
        }
        return rows
    }
}
