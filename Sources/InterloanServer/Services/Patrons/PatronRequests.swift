import Foundation
import InterloanCore
import SQLKit
import Vapor

/// What a signed-in patron does with their own requests. The library acts for them (as "Patron, through the
/// portal", never their name, since lenders read the history), so every rule of the lifecycle holds; a request
/// of anyone else is not found.
struct PatronRequests {
    let request: Request
    let patron: SignedInPatron

    /// The most requests the portal lists; a patron has a few dozen at most over the retention time.
    static let listed = 200
    static let actorName = "Patron, through the portal"

    /// The library acting on the patron's behalf.
    var caller: Caller {
        Caller(
            actor: ActingParty(
                userID: nil, name: Self.actorName, librarySymbol: self.patron.library.symbol, isTeam: false),
            libraryID: self.patron.library.id, role: .staff)
    }

    /// The patron's requests, newest first, with the day each arrived when it did.
    func list() async throws -> [(stored: StoredRequest, receivedOn: Day?)] {
        let rows = try await self.request.reads.select().column("*").from(RequestRecord.table)
            .where("patron_account_id", .equal, self.patron.id).orderBy("id", .descending).limit(Self.listed)
            .all(reading: RequestRecord.self)
        let stored = try await RequestStore(self.request).hydrate(rows)
        let arrived = stored.filter { [.received, .renewalRequested, .recalled].contains($0.state.status) }
        var receivedOn: [Int: Day] = [:]
        if !arrived.isEmpty {
            let events = try await self.request.reads.select().column("request_id").column("at")
                .from(EventRecord.table).where("request_id", .in, arrived.map(\.id))
                .where("action", .equal, Action.receive.rawValue).all()
            for event in events {
                let id = try event.decode(column: "request_id", as: Int.self)
                receivedOn[id] = Day(try event.decode(column: "at", as: Date.self))
            }
        }
        return stored.map { ($0, receivedOn[$0.id]) }
    }

    /// The patron's request with this number, or 404.
    func find(_ number: String) async throws -> StoredRequest {
        guard let id = RequestNumber.decode(number), let stored = try await RequestStore(self.request).find(id),
            stored.row.patronAccountID == self.patron.id
        else {
            throw APIError.notFound("You have no request \(number.prefix(20)).")
        }
        return stored
    }

    /// The patron's open request for the same item, if any: same ISBN, ISSN with the same article, OCLC number,
    /// or the same title when neither has an identifier.
    func duplicate(of body: [String: JSONValue]) async throws -> StoredRequest? {
        func text(_ name: String) -> String? {
            guard case .string(let value)? = body[name] else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
            return trimmed.isEmpty ? nil : trimmed
        }
        let open = RequestStatus.allCases.filter { !$0.isFinal }.map(\.rawValue)
        let rows = try await self.request.reads.select().column("*").from(RequestRecord.table)
            .where("patron_account_id", .equal, self.patron.id).where("status", .in, open)
            .orderBy("id", .descending).limit(Self.listed).all(reading: RequestRecord.self)
        let isbn = text("isbn").map(Self.digits)
        let oclc = text("oclcNumber").map(Self.digits)
        let issn = text("issn").map(Self.digits)
        let article = text("articleTitle")
        let title = text("title")
        let match = rows.first { row in
            if let isbn, !isbn.isEmpty, row.isbn.map(Self.digits) == isbn { return true }
            if let oclc, !oclc.isEmpty, row.oclcNumber.map(Self.digits) == oclc { return true }
            if let issn, !issn.isEmpty, row.issn.map(Self.digits) == issn {
                return row.articleTitle?.lowercased() == article
            }
            return isbn == nil && oclc == nil && issn == nil && title != nil && row.title.lowercased() == title
        }
        guard let match else { return nil }
        return try await RequestStore(self.request).hydrate([match]).first
    }

    /// Places the request for the patron; staff check it first unless the library routes patrons' requests at once.
    func place(_ body: [String: JSONValue]) async throws -> StoredRequest {
        var body = body
        let record = self.patron.record
        var who: [String: JSONValue] = ["id": .string(record.barcode)]
        if let name = record.name { who["name"] = .string(name) }
        if let email = record.email { who["email"] = .string(email) }
        body["patron"] = .object(who)
        let options = try await self.options()
        return try await RequestService(self.request).place(
            body, by: self.caller,
            for: RequestService.PatronPlacement(accountID: self.patron.id, awaitsReview: !options.unmediated))
    }

    /// What a cancel did: ended the request at once, or asked staff (a lender already said yes).
    enum CancelOutcome {
        case cancelled
        case askedStaff
    }

    func cancel(_ stored: StoredRequest) async throws -> CancelOutcome {
        let service = RequestService(self.request)
        if [.submitted, .needsLender, .sentToLender, .conditional].contains(stored.state.status) {
            _ = try await service.perform(
                .cancel, with: ["reason": .string("asked by the patron")], on: stored, by: self.caller)
            return .cancelled
        }
        guard !stored.state.status.isFinal, stored.state.status != .cancelRequested,
            stored.row.patronAsk != PatronWording.PendingAsk.cancel.rawValue
        else {
            throw APIError.conflict(
                "This request can no longer be cancelled, or a cancel is already asked.", allowed: [])
        }
        try await self.ask(.cancel, on: stored)
        return .askedStaff
    }

    /// What a renewal ask did: went to the lender at once, or to the library's staff.
    enum RenewalOutcome {
        case sentToLender
        case askedStaff
    }

    func askRenewal(_ stored: StoredRequest) async throws -> RenewalOutcome {
        guard stored.state.status == .received, stored.state.serviceType == .loan, let due = stored.state.dueDate,
            stored.row.patronAsk == nil
        else {
            throw APIError.conflict("A renewal can be asked only for a loan you have, once at a time.", allowed: [])
        }
        if case .refused(let reason) = Lifecycle.decide(.renew, in: stored.state, roles: [.borrower]) {
            throw APIError.conflict("The lending library does not renew this loan: \(reason).", allowed: [])
        }
        let options = try await self.options()
        guard options.forwardRenewals else {
            try await self.ask(.renewal, on: stored)
            return .askedStaff
        }
        let desired = due.adding(days: stored.state.lenderPolicy.loanDays)
        _ = try await RequestService(self.request).perform(
            .renew, with: ["desiredDueDate": .string(desired.description), "note": .string("asked by the patron")],
            on: stored, by: self.caller)
        return .sentToLender
    }

    func options() async throws -> PatronPortalOptions {
        guard let library = try await LibraryModel.find(self.patron.library.id, on: self.request.fluentReads) else {
            return PatronPortalOptions()
        }
        return PatronPortalOptions(library)
    }

    private func ask(_ ask: PatronWording.PendingAsk, on stored: StoredRequest) async throws {
        let write = PatronAsks.record(ask, at: self.request.application.clock.now())
        let id = stored.id
        try await self.request.writes.write { sql in try await write(sql, id) }
    }

    private static func digits(_ text: String) -> String {
        String(text.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "x" || $0 == "X" }.map(Character.init))
            .uppercased()
    }
}
