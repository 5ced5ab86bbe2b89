import Crypto
import Foundation
import ISO18626
import InterloanCore
import SQLKit
import Vapor

/// Applies a partner's message to the request it concerns, in the transaction that also records the message's
/// fingerprint: a message received twice is confirmed twice and applied once.
///
/// A partner that borrows (the out-of-state referral) sends a Request, then RequestingAgencyMessages that become
/// the borrower's actions; a partner that lends sends SupplyingAgencyMessages that become the lender's actions.
struct PartnerInbox {
    let request: Request
    let partner: Partner

    private var service: RequestService { RequestService(self.request) }
    private var store: RequestStore { RequestStore(self.request) }

    /// The partner, acting on requests as its directory entry.
    private var caller: Caller {
        Caller(
            actor: ActingParty(
                userID: nil, name: "\(self.partner.library.name) (ISO 18626)",
                librarySymbol: self.partner.library.symbol,
                isTeam: false),
            libraryID: self.partner.library.id, role: .staff)
    }

    /// Applies `message`; an error is what the confirmation reports.
    func apply(_ message: ISO18626Message) async throws -> ISO18626Error? {
        let fingerprint = Self.fingerprint(message)
        if try await self.alreadyReceived(fingerprint) { return nil }
        let record: SideWrites = { [partnerID = self.partner.id, now = self.now] sql, _ in
            try await sql.insert(into: PartnerInboxRecord.table)
                .row(PartnerInboxRecord(partnerID: partnerID, fingerprint: fingerprint, receivedAt: now)).run()
        }
        let error: ISO18626Error?
        switch message {
        case .request(let incoming):
            error = try await self.receive(incoming, recording: record)
        case .requestingAgencyMessage(let incoming):
            error = try await self.receive(incoming, recording: record)
        case .supplyingAgencyMessage(let incoming):
            error = try await self.receive(incoming, recording: record)
        default:
            return ISO18626Error(.unsupportedActionType, "a confirmation answers a message and is not sent on its own")
        }
        // A twin of this message delivered at the same moment may have been applied first; then this one is the
        // duplicate, and is confirmed like one.
        if error != nil, try await self.alreadyReceived(fingerprint) { return nil }
        return error
    }

    /// Whether `message` has been applied already (by a concurrent delivery of the same message).
    func alreadyApplied(_ message: ISO18626Message) async throws -> Bool {
        try await self.alreadyReceived(Self.fingerprint(message))
    }

    private var now: Date { self.request.application.clock.now() }

    // MARK: The partner borrows

    private func receive(_ incoming: RequestMessage, recording record: @escaping SideWrites) async throws
        -> ISO18626Error?
    {
        let header = incoming.header
        guard !header.requestingAgencyRequestID.isEmpty else {
            return ISO18626Error(.unrecognisedDataValue, "header/requestingAgencyRequestId is empty")
        }
        let factory = try await PartnerMessaging(self.request).factory()
        if let addressee = header.supplyingAgency, !addressee.value.isEmpty, !Self.same(addressee, factory.consortium) {
            return ISO18626Error(
                .unrecognisedDataValue,
                "header/supplyingAgencyId \(addressee) is not this consortium (\(factory.consortium))")
        }
        if try await self.referral(header.requestingAgencyRequestID) != nil {
            return ISO18626Error(
                .unrecognisedDataValue,
                "header/requestingAgencyRequestId \(header.requestingAgencyRequestID) is already a request of yours")
        }
        let serviceType: ServiceType = incoming.service == .copy ? .copy : .loan
        let outcome: Lifecycle.Outcome
        do {
            outcome = try Lifecycle.place(
                serviceType: serviceType, borrower: self.partner.library.symbol, lenders: [], at: self.now)
        } catch {
            return ISO18626Error(.unrecognisedDataValue, "\(error)")
        }
        let item = incoming.item
        let title = (item.title ?? item.titleOfComponent ?? "").trimmingCharacters(in: .whitespaces)
        var row = RequestRecord(
            borrowerID: self.partner.library.id, serviceType: serviceType.rawValue,
            title: title.isEmpty ? "(no title given)" : String(title.prefix(500)))
        row.author = item.author
        row.isbn = item.identifier("ISBN")
        row.issn = item.identifier("ISSN")
        row.oclcNumber = item.identifier("OCLC")
        if serviceType == .copy {
            row.articleTitle = item.titleOfComponent
            row.journalTitle = item.title
        }
        row.volume = item.volume
        row.issue = item.issue
        row.pages = item.pages
        row.neededBy = incoming.needBefore.map { Day($0).description }
        row.publicationDate = item.publicationDate.flatMap { PlaceRequestInput.isPublicationDate($0) ? $0 : nil }
        row.notes = incoming.note
        // The partner's terms are its own to count; kept as it gave them, one of ours or `other` with its words.
        if incoming.service == .copy, let terms = incoming.copyrightCompliance?.prefix(100), !terms.isEmpty {
            let known = CopyrightCompliance(rawValue: String(terms))
            row.copyrightCompliance = (known ?? .other).rawValue
            if known == nil { row.copyrightNote = String(terms) }
        }
        row.patronID = incoming.patron?.id
        row.externalRequestID = header.requestingAgencyRequestID
        row.searchText = SearchText.make(row)
        _ = try await self.service.create(
            row, outcome: outcome, by: self.caller.actor, at: self.now, extraWrites: record)
        return nil
    }

    private func receive(_ incoming: RequestingAgencyMessage, recording record: @escaping SideWrites) async throws
        -> ISO18626Error?
    {
        let requestID = incoming.header.requestingAgencyRequestID
        guard let stored = try await self.referral(requestID) else {
            return ISO18626Error(
                .unrecognisedDataValue, "header/requestingAgencyRequestId \(requestID) matches no request of yours")
        }
        switch incoming.action {
        case .statusRequest:
            let factory = try await PartnerMessaging(self.request).factory()
            let status = PartnerMessageFactory.supplierStatus(of: stored.state)
            try await self.write(
                factory.statusResponse(to: self.partner, about: stored),
                summary: "StatusRequestResponse: \(status.rawValue)", on: stored, recording: record)
            return nil
        case .notification where incoming.note != ConditionsNote.accepted:
            try await self.note(incoming.note ?? "", message: "Notification", on: stored, recording: record)
            return nil
        default:
            break
        }
        guard let action = PartnerMessageTable.action(for: incoming.action) else {
            return ISO18626Error(.unsupportedActionType, "action \(incoming.action.rawValue) is not supported")
        }
        let roles = self.caller.actor.roles(in: stored.state)
        if action == .acceptConditions, !Lifecycle.decide(action, in: stored.state, roles: roles).isAllowed {
            try await self.note(incoming.note ?? "", message: "Notification", on: stored, recording: record)
            return nil
        }
        switch action {
        case .cancel:
            return try await self.perform(
                .cancel, ["reason": .string(incoming.note ?? "")], on: stored, recording: record
            ) { reason in .supplying(SupplyingDraft(.cancelResponse, .willSupply, answer: false, note: reason)) }
        case .renew:
            let desired =
                RenewNote.desiredDueDate(in: incoming.note)
                ?? (stored.state.dueDate ?? Day(self.now)).adding(days: stored.state.lenderPolicy.loanDays)
            return try await self.perform(
                .renew, ["desiredDueDate": .string(desired.description)], on: stored, recording: record
            ) { reason in .supplying(SupplyingDraft(.renewResponse, .loaned, answer: false, note: reason)) }
        case .returnShip:
            return try await self.perform(
                .returnShip, ["carrier": .string(Carrier.other.rawValue)], on: stored, recording: record)
        default:
            return try await self.perform(action, [:], on: stored, recording: record)
        }
    }

    // MARK: The partner lends

    private func receive(_ incoming: SupplyingAgencyMessage, recording record: @escaping SideWrites) async throws
        -> ISO18626Error?
    {
        let requestID = incoming.header.requestingAgencyRequestID
        guard let id = RequestNumber.decode(requestID), let stored = try await self.store.find(id),
            stored.state.lenders.contains(where: { $0.symbol == self.partner.library.symbol })
        else {
            return ISO18626Error(
                .unrecognisedDataValue, "header/requestingAgencyRequestId \(requestID) matches no request sent to you")
        }
        guard stored.state.currentLender == self.partner.library.symbol else {
            try await self.note(
                incoming.note ?? "", message: "\(incoming.status.rawValue) after the request moved on",
                on: stored, recording: record)
            return nil
        }
        let roles = self.caller.actor.roles(in: stored.state)
        if let (row, first) = PartnerMessageTable.choice(for: incoming, in: stored.state, roles: roles) {
            var current = stored
            if let first { current = try await self.service.perform(first, with: [:], on: stored, by: self.caller) }
            let arguments = row.arguments(
                PartnerMessageRow.Incoming(message: incoming, state: current.state, now: self.now))
            return try await self.perform(row.action, arguments, on: current, recording: record)
        }
        try await self.note(incoming.note ?? "", message: incoming.status.rawValue, on: stored, recording: record)
        return nil
    }

    // MARK: Applying

    /// Performs a lifecycle action as the partner. When the lifecycle refuses, `refusal` (if given) turns the
    /// reason into a message back to the partner (a denied renewal, a refused cancel) and the message is
    /// confirmed; otherwise the confirmation carries the refusal.
    private func perform(
        _ action: Action, _ arguments: [String: RawArgument], on stored: StoredRequest,
        recording record: @escaping SideWrites, refusal: ((String) -> PartnerDraft)? = nil
    ) async throws -> ISO18626Error? {
        do {
            _ = try await self.service.perform(
                action, with: arguments, on: stored, by: self.caller, extraWrites: record)
            return nil
        } catch let error as APIError {
            let reason = error.explanation
            if let refusal {
                let factory = try await PartnerMessaging(self.request).factory()
                let draft = refusal(reason)
                try await self.write(
                    factory.message(draft, to: self.partner, about: stored), summary: draft.summary,
                    on: stored, recording: record)
                return nil
            }
            return ISO18626Error(.unrecognisedDataValue, "\(action.rawValue) is not possible now: \(reason)")
        }
    }

    /// Queues a reply that changes nothing on the request, with the received message's fingerprint.
    private func write(
        _ message: ISO18626Message, summary: String, on stored: StoredRequest,
        recording record: @escaping SideWrites
    ) async throws {
        let outbox = PartnerOutbox.record(
            message, summary: summary, to: self.partner, requestID: stored.id, at: self.now)
        try await self.request.writes.write { sql in
            try await PartnerOutbox.enqueue([outbox], on: sql)
            try await record(sql, stored.id)
        }
    }

    /// Records a partner's news that changes nothing (a notification, an overdue notice) in the history.
    private func note(_ text: String, message: String, on stored: StoredRequest, recording record: @escaping SideWrites)
        async throws
    {
        let event = LifecycleEvent(
            action: "partnerMessage", from: stored.state.status, to: stored.state.status,
            details: ["message": message, "note": text].filter { !$0.value.isEmpty })
        let row = RequestStore.eventRecord(event, requestID: stored.id, by: self.caller.actor, at: self.now)
        try await self.request.writes.write { sql in
            try await sql.raw(RowInsert.query([row], nilAsNull: true)).run()
            try await record(sql, stored.id)
        }
    }

    private func referral(_ partnerRequestID: String) async throws -> StoredRequest? {
        guard
            let row = try await self.request.reads.select().column("*").from(RequestRecord.table)
                .where("external_request_id", .equal, partnerRequestID)
                .where("borrower_id", .equal, self.partner.library.id)
                .first().map(RequestRecord.init(row:))
        else { return nil }
        return try await self.store.hydrate([row]).first
    }

    private func alreadyReceived(_ fingerprint: String) async throws -> Bool {
        try await self.request.reads.select().column("id").from(PartnerInboxRecord.table)
            .where("partner_id", .equal, self.partner.id).where("fingerprint", .equal, fingerprint)
            .first() != nil
    }

    /// Same agencies, request id, action or status, reason and timestamp: the same message.
    static func fingerprint(_ message: ISO18626Message) -> String {
        let parts: [String]
        switch message {
        case .request(let request):
            parts = ["request", Self.key(request.header)]
        case .requestingAgencyMessage(let message):
            parts = ["action", message.action.rawValue, Self.key(message.header)]
        case .supplyingAgencyMessage(let message):
            parts = ["status", message.status.rawValue, message.reason.rawValue, Self.key(message.header)]
        default:
            parts = ["confirmation"]
        }
        return Hex.string(SHA256.hash(data: Data(parts.joined(separator: "|").utf8)))
    }

    private static func key(_ header: MessageHeader) -> String {
        [
            header.requestingAgency.description, header.supplyingAgency?.description ?? "",
            header.requestingAgencyRequestID, String(header.timestamp.timeIntervalSince1970),
        ].joined(separator: "|")
    }

    static func same(_ first: AgencyID, _ second: AgencyID) -> Bool {
        first.type.caseInsensitiveCompare(second.type) == .orderedSame && first.value == second.value
    }
}
