import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Placing requests and acting on them, shared by the JSON API and the web pages: decode, authorise, let the
/// lifecycle decide, store in one transaction.
struct RequestService {
    let request: Request
    let store: RequestStore

    init(_ request: Request) {
        self.request = request
        self.store = RequestStore(request)
    }

    var directory: LibraryDirectory { self.request.application.libraryDirectory }

    /// The request a staff member typed or scanned (`IL-...` id or external ILL number), if this caller may see it;
    /// any other is reported as not found, so ids of other libraries' requests reveal nothing.
    func visibleRequest(_ text: String, to caller: Caller) async throws -> StoredRequest {
        // Foundation's trimming bridges to NSString; ids from the API and links have nothing to trim.
        let isTrimmed = text.first?.isWhitespace == false && text.last?.isWhitespace == false
        let trimmed = isTrimmed ? text : text.trimmingCharacters(in: .whitespaces)
        var stored: StoredRequest?
        if let id = RequestNumber.decode(trimmed) {
            stored = try await self.store.find(id)
        }
        if stored == nil, !trimmed.isEmpty,
            let row = try await self.request.reads.select().column("*").from(RequestRecord.table)
                .where("external_request_id", .equal, trimmed).first().map(RequestRecord.init(row:))
        {
            stored = try await self.store.hydrate([row]).first
        }
        guard let stored, stored.isVisible(to: caller) else { throw APIError.notFound("no request \(trimmed)") }
        return stored
    }

    /// A request a patron placed in the portal: whose account it belongs to, and whether staff check it first.
    struct PatronPlacement {
        var accountID: Int
        var awaitsReview: Bool
    }

    /// Places a request from its fields (JSON, or a form turned into JSON values); a 422 names every bad field.
    func place(
        _ body: [String: JSONValue], by caller: Caller, for patron: PatronPlacement? = nil,
        extraWrites: SideWrites? = nil
    ) async throws -> StoredRequest {
        // A copy counted against the copyright guidelines is decided from the ledger as read, and checked again
        // in the placing transaction: when a copy placed meanwhile changed the count, it is decided again.
        for attempt in 1...CopyrightBook.placingAttempts {
            var (row, outcome, now, copyright) = try await self.prepare(
                body, by: caller, awaitsReview: patron?.awaitsReview == true)
            row.patronAccountID = patron?.accountID
            do {
                return try await self.create(
                    row, outcome: outcome, by: caller.actor, at: now,
                    extraWrites: Self.combine(copyright, extraWrites))
            } catch CopyrightBook.CountChanged.changed where attempt < CopyrightBook.placingAttempts {
                continue
            }
        }
        throw APIError.staleVersion
    }

    /// Stores a new request with its partner messages, and `extraWrites`, in one transaction.
    func create(
        _ row: RequestRecord, outcome: Lifecycle.Outcome, by actor: ActingParty, at now: Date,
        extraWrites: SideWrites? = nil
    ) async throws -> StoredRequest {
        // Placing is no action of the transition table; a partner asked to lend hears of it from the status.
        let messages = try await PartnerMessaging(self.request).sideWrites(
            action: nil, arguments: Arguments(), before: nil, after: outcome.state, actor: actor, row: row)
        let calls = try await ILSCallPlanner(self.request).placing(row, at: now)
        let mail = try await PatronMail(self.request).sideWrites(
            action: nil, before: nil, after: outcome.state, row: row, version: 1, at: now)
        let created = try await self.store.create(
            row, outcome: outcome, by: actor, at: now, using: self.request.writes,
            alsoWrite: Self.combine(Self.combine(Self.combine(messages, calls), mail), extraWrites))
        InterloanMetrics.performed(InterloanMetrics.placed)
        return created
    }

    private func prepare(_ body: [String: JSONValue], by caller: Caller, awaitsReview: Bool) async throws
        -> (RequestRecord, Lifecycle.Outcome, Date, SideWrites?)
    {
        var (input, errors) = PlaceRequestInput.parse(body)
        var borrower: LibraryInfo?
        if caller.isTeam {
            if let symbol = input.borrower {
                borrower = try await self.directory.library(symbol: symbol, on: self.request.fluentReads)
                if borrower == nil {
                    errors.append(FieldError(field: "borrower", message: "\(symbol) is not in the directory"))
                }
            } else {
                errors.append(FieldError(field: "borrower", message: "the team names the borrowing library"))
            }
        } else {
            guard let libraryID = caller.libraryID else {
                throw APIError.unauthorized("this account belongs to no library")
            }
            borrower = try await self.directory.library(id: libraryID, on: self.request.fluentReads)
            if let symbol = input.borrower, symbol != borrower?.symbol {
                errors.append(FieldError(field: "borrower", message: "staff place requests for their own library"))
            }
        }
        if let error = try await self.unknownLenders(input.lenders) { errors.append(error) }
        if let borrower, input.lenders.contains(borrower.symbol) {
            errors.append(FieldError(field: "lenders", message: "the borrowing library never lends to itself"))
        }
        guard errors.isEmpty, let borrower else { throw APIError.invalidFields(errors) }

        let now = self.request.application.clock.now()
        var row = input.makeRow(borrowerID: borrower.id)
        // A member library's copy is counted against the copyright guidelines; a partner keeps its own ledger.
        let copyright =
            borrower.isMember
            ? try await CopyrightBook(request: self.request).decide(row, libraryID: borrower.id, at: now) : nil
        if let copyright { row.copyrightCompliance = copyright.entry.compliance }
        var lenders = input.lenders
        let isAutomatic = lenders.isEmpty && !awaitsReview && copyright?.awaitsReview != true
        if isAutomatic {
            let item = LenderFinder.Item(
                keys: row.itemKeys, borrower: borrower, serviceType: input.serviceType, alreadyAsked: [])
            lenders = try await self.finder.candidates(for: item, on: Day(now)).map(\.symbol)
        }
        var outcome: Lifecycle.Outcome
        do {
            outcome = try Lifecycle.place(
                serviceType: input.serviceType, borrower: borrower.symbol, lenders: lenders,
                awaitsReview: awaitsReview, awaitsCopyrightReview: copyright?.awaitsReview == true, at: now)
        } catch {
            throw APIError(error)
        }
        if isAutomatic { outcome.event.details["routing"] = lenders.isEmpty ? "no candidate found" : "automatic" }
        if let copyright, case .needsReview(let earlier) = copyright.decision {
            outcome.event.details["copyright"] = "\(earlier) copies of this title counted this year already"
        }
        return (row, outcome, now, copyright?.writes)
    }

    var finder: LenderFinder { LenderFinder(self.request.application, database: self.request.fluentReads) }

    /// The lenders that could be asked for `stored` now, best first; libraries already asked are left out.
    func candidates(for stored: StoredRequest) async throws -> [RankedLender] {
        guard
            let borrower = try await self.directory.library(symbol: stored.state.borrower, on: self.request.fluentReads)
        else {
            return []
        }
        let asked = Set(stored.state.lenders.filter { $0.outcome != .waiting }.map(\.symbol))
        let item = LenderFinder.Item(
            keys: stored.row.itemKeys, borrower: borrower, serviceType: stored.state.serviceType, alreadyAsked: asked)
        return try await self.finder.candidates(for: item, on: Day(self.request.application.clock.now()))
    }

    /// Performs `action` with raw field values; 409 when not allowed now for this caller, 422 for bad fields.
    func perform(
        _ action: Action, with raw: [String: RawArgument], on stored: StoredRequest, by caller: Caller,
        extraWrites: SideWrites? = nil
    ) async throws -> StoredRequest {
        let roles = caller.actor.roles(in: stored.state)
        if case .refused(let reason) = Lifecycle.decide(action, in: stored.state, roles: roles) {
            throw APIError.conflict(reason, allowed: Lifecycle.allowedActions(in: stored.state, roles: roles))
        }
        let arguments: Arguments
        do {
            arguments = try ActionField.validate(raw, against: action.fields)
        } catch {
            throw APIError(error)
        }
        if let lenders = arguments.symbols("lenders"), let error = try await self.unknownLenders(lenders) {
            throw APIError.invalidFields([error])
        }
        let now = self.request.application.clock.now()
        var state = stored.state
        if action == .ship {
            state.lenderILSSetsDueDate = try await ILSCallPlanner(self.request).lenderGivesDueDate(stored.row)
        }
        let outcome: Lifecycle.Outcome
        do {
            outcome = try Lifecycle.perform(action, arguments: arguments, on: state, by: caller.actor, at: now)
        } catch {
            throw APIError(error)
        }
        let messages = try await PartnerMessaging(self.request).sideWrites(
            action: action, arguments: arguments, before: stored.state, after: outcome.state,
            actor: caller.actor,
            row: stored.row)
        let notices = try await LifecycleNotices(self.request).sideWrites(
            action: action, arguments: arguments, stored: stored, after: outcome.state, actor: caller.actor)
        let calls = try await ILSCallPlanner(self.request).acting(action, arguments: arguments, on: stored, at: now)
        let asks = PatronAsks.settled(by: action, on: stored, after: outcome.state)
        let copyright = try CopyrightBook(request: self.request).sideWrites(
            for: action, arguments: arguments, on: stored)
        let mail = try await PatronMail(self.request).sideWrites(
            action: action, before: stored.state, after: outcome.state, row: stored.row, version: stored.version + 1,
            at: now)
        let saved = try await self.store.save(
            outcome, over: stored, by: caller.actor, at: now, using: self.request.writes,
            alsoWrite: [messages, notices, calls, asks, mail, copyright, extraWrites].reduce(nil, Self.combine))
        InterloanMetrics.performed(action.rawValue)
        // The fee changed the copy's terms, a column no action otherwise writes: read the row as it now is.
        if action == .payCopyrightFee, let current = try await self.store.find(saved.id) { return current }
        return saved
    }

    /// Both writes, in order, or whichever exists.
    static func combine(_ first: SideWrites?, _ second: SideWrites?) -> SideWrites? {
        guard let first else { return second }
        guard let second else { return first }
        return { sql, id in
            try await first(sql, id)
            try await second(sql, id)
        }
    }

    private func unknownLenders(_ symbols: [String]) async throws -> FieldError? {
        var unknown: [String] = []
        for symbol in symbols
        where try await self.directory.library(symbol: symbol, on: self.request.fluentReads) == nil {
            unknown.append(symbol)
        }
        guard !unknown.isEmpty else { return nil }
        return FieldError(field: "lenders", message: "not in the directory: \(unknown.joined(separator: ", "))")
    }
}

extension RequestRecord {
    /// The holdings keys of the requested item; for a copy, the journal is what libraries hold.
    var itemKeys: ItemKeys {
        let isCopy = self.serviceType == ServiceType.copy.rawValue && self.journalTitle != nil
        return ItemKeys(
            isbn: self.isbn, issn: self.issn, oclcNumber: self.oclcNumber,
            title: isCopy ? self.journalTitle : self.title, author: isCopy ? nil : self.author)
    }
}

extension PlaceRequestInput {
    func makeRow(borrowerID: Int) -> RequestRecord {
        var row = RequestRecord(borrowerID: borrowerID, serviceType: self.serviceType.rawValue, title: self.title)
        row.author = self.text["author"]
        row.isbn = self.text["isbn"]
        row.issn = self.text["issn"]
        row.oclcNumber = self.text["oclcNumber"]
        row.articleTitle = self.text["articleTitle"]
        row.journalTitle = self.text["journalTitle"]
        row.volume = self.text["volume"]
        row.issue = self.text["issue"]
        row.pages = self.text["pages"]
        row.notes = self.text["notes"]
        row.openURL = self.text["openurl"]
        row.eissn = self.text["eissn"]
        row.publicationDate = self.text["publicationDate"]
        row.copyrightCompliance = self.text["copyrightCompliance"]
        row.copyrightNote = self.text["copyrightNote"]
        row.neededBy = self.neededBy?.description
        row.patronID = self.patron.id
        row.patronName = self.patron.name
        row.patronEmail = self.patron.email
        row.searchText = SearchText.make(row)
        return row
    }
}
