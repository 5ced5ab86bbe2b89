import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Each member library's copies against the copyright guidelines (`INTERLOAN_COPYRIGHT_RULES`): a copy request is
/// decided when placed and its entry written in the placing transaction; the one past the limit waits in
/// "Copyright review", where staff's choice is written with their action.
struct CopyrightBook {
    let request: Request

    var rules: CopyrightRules? { self.request.application.copyrightRules }

    /// How often a placing is decided again when copies placed at the same moment keep changing the count.
    static let placingAttempts = 5

    /// The ledger changed between the decision and its transaction; the placing is decided again.
    enum CountChanged: Error {
        case changed
    }

    /// What the guidelines say of a new copy, and the ledger entry that records it.
    struct Placement {
        var decision: CopyrightLedger.Decision
        var entry: CopyrightEntryRecord

        var awaitsReview: Bool { Self.isPastLimit(self.decision) }

        static func isPastLimit(_ decision: CopyrightLedger.Decision) -> Bool {
            if case .needsReview = decision { return true }
            return false
        }

        /// Writes the entry for the request the placing transaction just made, once the ledger, read again
        /// inside that transaction, still gives the same decision.
        var writes: SideWrites {
            let (entry, decision, check) = (self.entry, self.decision, self.check)
            return { sql, requestID in
                // Only the way on matters: the copy's number within the limit may have moved, harmlessly.
                if let check, Self.isPastLimit(try await check(sql)) != Self.isPastLimit(decision) {
                    throw CountChanged.changed
                }
                var stored = entry
                stored.requestID = requestID
                try await sql.insert(into: CopyrightEntryRecord.table).row(stored).run()
            }
        }

        /// The decision made again from the ledger as `sql` reads it; nil when the copy is never counted.
        var check: (@Sendable (any SQLDatabase) async throws -> CopyrightLedger.Decision)?
    }

    /// The decision for `row`, a new request of member library `libraryID`; nil for a loan, or when no rules apply.
    /// A copy under the guidelines that names neither an ISSN nor a title cannot be counted: 422.
    func decide(_ row: RequestRecord, libraryID: Int, at now: Date) async throws -> Placement? {
        guard let rules = self.rules, row.serviceType == ServiceType.copy.rawValue else { return nil }
        let compliance = CopyrightCompliance(rawValue: row.copyrightCompliance ?? "") ?? .usCCG
        let title = row.journalTitle ?? row.title
        guard let key = CopyrightLedger.TitleKey(issns: [row.issn, row.eissn], journalTitle: title) else {
            if compliance == .usCCG {
                throw APIError.invalidFields([
                    FieldError(
                        field: "journalTitle",
                        message: "a copy under the copyright guidelines (US-CCG) needs the journal's ISSN or title")
                ])
            }
            return nil
        }
        let year = Day(now).year
        let publicationYear = PlaceRequestInput.year(of: row.publicationDate)
        let decide: @Sendable (any SQLDatabase) async throws -> CopyrightLedger.Decision = { sql in
            // Inside a placing transaction on PostgreSQL, where transactions run side by side, the library's row
            // is locked first so that two copies of one library are counted one after the other. NO KEY UPDATE,
            // because the new request's row already holds the KEY SHARE lock its foreign key takes on it, which a
            // plain FOR UPDATE would wait on in every other placing transaction (a deadlock). SQLite has one
            // writer, and no such clause.
            if sql.dialect.name != "sqlite" {
                try await sql.raw(
                    "SELECT id FROM \(ident: LibraryModel.schema) WHERE id = \(bind: libraryID) FOR NO KEY UPDATE"
                ).run()
            }
            let entries = try await sql.select().column("*").from(CopyrightEntryRecord.table)
                .where("library_id", .equal, libraryID).where("year", .equal, year)
                .where("decision", .equal, CopyrightEntryRecord.Decision.counted.rawValue)
                .all(reading: CopyrightEntryRecord.self)
                .map {
                    CopyrightLedger.Entry(title: Self.key(of: $0), year: $0.year, publicationYear: $0.publicationYear)
                }
            return CopyrightLedger.decide(
                title: key, publicationYear: publicationYear, year: year, compliance: compliance, entries: entries,
                rules: rules)
        }
        let decision = try await decide(self.request.reads)
        let recorded: CopyrightEntryRecord.Decision
        switch decision {
        case .notCounted: recorded = .notCounted
        case .counted: recorded = .counted
        case .needsReview: recorded = .review
        }
        let entry = CopyrightEntryRecord(
            libraryID: libraryID, requestID: 0, year: year, issns: key.issns.sorted().joined(separator: ","),
            titleKey: key.title, title: title, publicationYear: publicationYear, compliance: compliance.rawValue,
            decision: recorded, createdAt: now)
        return Placement(decision: decision, entry: entry, check: decision == .notCounted ? nil : decide)
    }

    /// What staff's choice on a copy in review writes: the fee and the new terms, or the copy withdrawn. Checks the
    /// fee before anything is written.
    func sideWrites(for action: Action, arguments: Arguments, on stored: StoredRequest) throws -> SideWrites? {
        guard stored.state.status == .copyrightReview else { return nil }
        let id = stored.id
        switch action {
        case .payCopyrightFee:
            guard let text = arguments.text("feeAmount"), let cents = DollarAmount.cents(text) else {
                throw APIError.invalidFields([
                    FieldError(field: "feeAmount", message: "must be dollars, e.g. 12 or 12.50, from 0 to 100000")
                ])
            }
            let note = arguments.text("note")
            return { sql, _ in
                try await sql.update(CopyrightEntryRecord.table)
                    .set("decision", to: CopyrightEntryRecord.Decision.feePaid.rawValue)
                    .set("compliance", to: CopyrightCompliance.usCCL.rawValue).set("fee_cents", to: cents)
                    .set("note", to: note).where("request_id", .equal, id).run()
                try await sql.update(RequestRecord.table)
                    .set("copyright_compliance", to: CopyrightCompliance.usCCL.rawValue).where("id", .equal, id).run()
            }
        case .obtainElsewhere, .cancel:
            let note = arguments.text("note") ?? arguments.text("reason")
            return { sql, _ in
                try await sql.update(CopyrightEntryRecord.table)
                    .set("decision", to: CopyrightEntryRecord.Decision.withdrawn.rawValue).set("note", to: note)
                    .where("request_id", .equal, id).run()
            }
        default:
            return nil
        }
    }

    /// Removes the entries whose keeping ended: after the `retentionYears`th full calendar year following theirs.
    static func purge(asOf now: Date, on application: Application) async throws -> Int {
        let rules = application.copyrightRules ?? .usContu
        let before = Day(now).year - rules.retentionYears
        return try await application.writes.write { sql in
            try await sql.delete(from: CopyrightEntryRecord.table).where("year", .lessThan, before)
                .returning("id").all().count
        }
    }

    static func key(of entry: CopyrightEntryRecord) -> CopyrightLedger.TitleKey {
        CopyrightLedger.TitleKey(
            issns: entry.issns.split(separator: ",").map(String.init), journalTitle: entry.titleKey)
            ?? CopyrightLedger.TitleKey(issns: [], journalTitle: entry.title)!
    }
}

extension Application {
    private struct CopyrightRulesKey: StorageKey {
        typealias Value = CopyrightRules
    }

    private struct CopyrightRulesOffKey: StorageKey {
        typealias Value = Bool
    }

    /// The rules copies are counted under; nil for `INTERLOAN_COPYRIGHT_RULES=none`. Set by `configure`.
    var copyrightRules: CopyrightRules? {
        get { self.storage[CopyrightRulesOffKey.self] == true ? nil : self.storage[CopyrightRulesKey.self] ?? .usContu }
        set {
            self.storage[CopyrightRulesOffKey.self] = newValue == nil
            if let newValue { self.storage[CopyrightRulesKey.self] = newValue }
        }
    }
}
