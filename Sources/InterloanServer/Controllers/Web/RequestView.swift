import Fluent
import Foundation
import InterloanCore
import Vapor

/// Everything the request page shows, for one caller: the patron only for the borrower and the team, and an
/// Update options panel with exactly the actions this caller may take now, read from the transition table.
struct RequestView: Encodable {
    struct Item: Encodable {
        var label: String
        var value: String
    }

    struct Attempt: Encodable {
        var symbol: String
        var name: String
        var outcome: String
        var reason: String?
        var note: String?
        var askedAt: String?
        var answeredAt: String?
        var isCurrent: Bool
    }

    /// A shipment as the page lists it; a file a partner delivered carries its address, shown as a link.
    struct Shipment: Encodable {
        var journey: RequestResource.Journey
        var link: String?

        init(_ journey: RequestResource.Journey) {
            self.journey = journey
            let address = journey.trackingNumber ?? ""
            let isWeb = address.hasPrefix("https://") || address.hasPrefix("http://")
            self.link = journey.carrier == Carrier.electronic.rawValue && isWeb ? address : nil
        }
    }

    struct Event: Encodable {
        var at: String
        var actor: String
        var library: String
        var action: String
        var change: String
        var details: [Item]
    }

    var id: String
    var title: String
    var status: String
    var statusLabel: String
    var serviceType: String
    var bibliographic: [Item]
    var borrower: String
    var borrowerName: String
    var currentLender: String?
    var dueDate: String?
    var patron: [Item]?
    var lenders: [Attempt]
    var shipments: [Shipment]
    /// A copy's files and the lender's upload form; nil for loans.
    var documents: DocumentsView?
    var renewals: [RequestResource.RenewalEntry]
    var history: [Event]
    /// ISO 18626 messages to partners about this request, with where their delivery stands.
    var partnerMessages: [PartnerMessageResource]
    /// The NCIP calls to the viewer's own ILS (every library's for the team).
    var ilsCalls: [ILSCallView]
    /// Notices mailed about this request to the caller's library (every library's for the team).
    var mail: [MailResource]
    /// Follow-up flags: "Not received" since, "Possibly lost" since.
    var flags: [String]
    /// Claims, for the borrower, the lender whose item it is and the team, once something was shipped (else nil).
    var claims: [ClaimResource]?
    var actions: [ActionForm]
    /// The ranked lenders that could be asked next, while a lender is being found; borrower and team only.
    var candidates: [CandidateResource]?
    /// The candidates' symbols, comma-separated, for the form that routes to them.
    var candidateSymbols: String
    var isLender: Bool
    var isBorrower: Bool
    var version: Int
    /// The form correcting the item, while the borrower or the team may still (no lender has it).
    var edit: EditForm?

    /// The item's fields as the correction form shows them, with the problems of a refused correction.
    struct EditForm: Encodable {
        struct Field: Encodable {
            var name: String
            var label: String
            var value: String
            var error: String?
            var isLong: Bool
            var isDate: Bool
        }

        var fields: [Field]
        /// Open when it comes back with errors.
        var open: Bool

        static let labels = [
            "title": "Title", "author": "Author", "isbn": "ISBN", "issn": "ISSN", "oclcNumber": "OCLC number",
            "articleTitle": "Article or chapter", "journalTitle": "Journal", "volume": "Volume", "issue": "Issue",
            "pages": "Pages", "neededBy": "Needed by", "notes": "Notes",
        ]

        init(values: [String: String], errors: [String: String] = [:]) {
            self.fields = RequestEditor.fields.map { name in
                Field(
                    name: name, label: Self.labels[name] ?? name, value: values[name] ?? "", error: errors[name],
                    isLong: name == "notes", isDate: name == "neededBy")
            }
            self.open = !errors.isEmpty
        }
    }

    static func make(
        _ stored: StoredRequest, for caller: Caller, request: Request, failed: ActionForm? = nil,
        failedEdit: EditForm? = nil
    ) async throws -> RequestView {
        let row = stored.row
        var state = stored.state
        if state.status == .willSupply {
            state.lenderILSSetsDueDate = try await ILSCallPlanner(request).lenderGivesDueDate(row)
        }
        let directory = request.application.libraryDirectory
        let roles = caller.actor.roles(in: state)
        let today = Day(request.application.clock.now())
        var forms = Lifecycle.allowedActions(in: state, roles: roles).map {
            ActionForm.make($0, state: state, today: today)
        }
        if let failed, let index = forms.firstIndex(where: { $0.name == failed.name }) { forms[index] = failed }

        var attempts: [Attempt] = []
        for (index, attempt) in state.lenders.enumerated() {
            attempts.append(
                Attempt(
                    symbol: attempt.symbol,
                    name: try await directory.library(symbol: attempt.symbol, on: request.fluentReads)?.name
                        ?? attempt.symbol,
                    outcome: attempt.outcome.rawValue, reason: attempt.reason, note: attempt.note,
                    askedAt: attempt.askedAt.map(Timestamp.string),
                    answeredAt: attempt.answeredAt.map(Timestamp.string),
                    isCurrent: index == state.currentLenderIndex))
        }
        let events = try await RequestStore(request).events(of: stored.id)
        var bibliographic: [(String, String?)] = [
            ("Author", row.author), ("ISBN", row.isbn), ("ISSN", row.issn), ("OCLC number", row.oclcNumber),
            ("Article", row.articleTitle), ("Journal", row.journalTitle), ("Volume", row.volume), ("Issue", row.issue),
            ("Pages", row.pages), ("Published", row.publicationDate), ("Electronic ISSN", row.eissn),
            (
                "Copyright terms",
                row.copyrightCompliance.map { [$0, row.copyrightNote].compactMap { $0 }.joined(separator: ": ") }
            ),
            ("Needed by", row.neededBy), ("Notes", row.notes),
            ("External ILL number", row.externalRequestID),
        ]
        let seesPatron = caller.isTeam || caller.actor.librarySymbol == state.borrower
        if seesPatron, let link = row.openURL { bibliographic.append(("Placed from the link", link)) }
        let resource = RequestResource(
            stored, for: caller, delivery: try await DeliveryEstimator.load(request, for: [state]))
        var candidates: [CandidateResource]?
        if seesPatron, [.submitted, .needsLender, .sentToLender].contains(state.status) {
            candidates = try await RequestService(request).candidates(for: stored).map(CandidateResource.init)
        }
        return RequestView(
            id: stored.number, title: row.title, status: state.status.rawValue, statusLabel: state.status.label,
            serviceType: state.serviceType.rawValue,
            bibliographic: bibliographic.compactMap { label, value in value.map { Item(label: label, value: $0) } },
            borrower: state.borrower,
            borrowerName: try await directory.library(symbol: state.borrower, on: request.fluentReads)?.name
                ?? state.borrower,
            currentLender: state.currentLender, dueDate: state.dueDate?.description,
            patron: seesPatron
                ? [("Patron id", row.patronID), ("Name", row.patronName), ("Email", row.patronEmail)].compactMap {
                    label, value in value.map { Item(label: label, value: $0) }
                } : nil,
            lenders: attempts, shipments: resource.shipments.map(Shipment.init),
            documents: try await DocumentsView.make(stored, for: caller, request: request),
            renewals: resource.renewals,
            history: events.map(Self.event),
            partnerMessages: try await PartnerMessageResource.list(for: stored.id, on: request),
            ilsCalls: try await RequestILSController.calls(of: stored, for: caller, on: request).map(ILSCallView.init),
            mail: try await MailResource.list(for: stored.id, caller: caller, on: request),
            flags: Self.flags(of: stored),
            claims: try await Self.claims(of: stored, for: caller, request: request),
            actions: forms, candidates: candidates,
            candidateSymbols: (candidates ?? []).map(\.symbol).joined(separator: ", "),
            isLender: roles.contains(.lender),
            isBorrower: roles.contains(.borrower), version: stored.version,
            edit: RequestEditor.mayEdit(stored, by: caller)
                ? failedEdit ?? EditForm(values: RequestEditor.values(of: row)) : nil)
    }

    static func event(_ model: EventRecord) -> Event {
        let label =
            Action(rawValue: model.action)?.label
            ?? [
                "place": "Placed", "partnerMessage": "Partner message", "ilsRetry": "ILS call retried",
                "ilsSkip": "ILS call skipped", ILSDueDate.eventAction: "Due date from the ILS",
                RequestEditor.eventAction: "Item corrected", DocumentLinks.eventAction: "File downloaded",
            ][model.action] ?? model.action
        let from = model.fromStatus.flatMap(RequestStatus.init(rawValue:))?.label
        let to = RequestStatus(rawValue: model.toStatus)?.label ?? model.toStatus
        return Event(
            at: Timestamp.string(model.at).replacingOccurrences(of: "T", with: " ").replacingOccurrences(
                of: "Z", with: ""),
            actor: model.actorName, library: model.librarySymbol, action: label,
            change: from.map { "\($0) → \(to)" } ?? to,
            details: EventDetails.decode(model.details).sorted { $0.key < $1.key }.map {
                Item(label: $0.key, value: $0.value)
            })
    }

    private static func claims(of stored: StoredRequest, for caller: Caller, request: Request) async throws
        -> [ClaimResource]?
    {
        let book = ClaimBook(request: request)
        guard !stored.state.shipments.isEmpty, book.mayTouchClaims(of: stored, caller: caller) else { return nil }
        return try await book.list(stored, caller: caller)
    }

    private static func flags(of stored: StoredRequest) -> [String] {
        var flags: [String] = []
        if stored.state.status == .shipped, let since = stored.row.notReceivedAt {
            flags.append("Not received: flagged \(Day(since)), past its expected arrival")
        }
        if WorkQueue.onLoanAtBorrower.contains(stored.state.status), let since = stored.row.possiblyLostAt {
            flags.append("Possibly lost: flagged \(Day(since)), 40 days overdue")
        }
        return flags
    }
}
