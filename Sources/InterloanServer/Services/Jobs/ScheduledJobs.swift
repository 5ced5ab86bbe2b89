import Fluent
import Foundation
import InterloanCore
import Vapor

/// What rules act through: the application, and lifecycle actions taken by Interloan itself.
struct JobContext: Sendable {
    let application: Application

    /// Performs `action` on request `id` as the system (with the team's rights) if its current lender is still
    /// `lender`; false when a person acted first (the rule's condition no longer holds, or the version moved).
    func perform(_ action: Action, note: String, onRequest id: Int, expecting lender: String) async throws -> Bool {
        // Actions go through the same service as people's, so the history, partner messages and the version check
        // are the same; the service reads the database and clock through a request, which jobs make up.
        let request = Request(application: self.application, on: self.application.eventLoopGroup.any())
        let service = RequestService(request)
        guard let stored = try await service.store.find(id), stored.state.currentLender == lender,
            let consortium = try await self.application.libraryDirectory.consortium(on: self.application.db)
        else { return false }
        let caller = Caller(
            actor: ActingParty(userID: nil, name: "Interloan", librarySymbol: consortium, isTeam: true), libraryID: nil,
            role: .team)
        do {
            _ = try await service.perform(action, with: ["note": .string(note)], on: stored, by: caller)
            return true
        } catch APIError.staleVersion {
            return false
        } catch APIError.conflict {
            return false
        }
    }
}

/// The scheduled work: the follow-up rules, every `interval` inside `serve` and on demand.
enum ScheduledJobs {
    /// How often `serve` (and `jobs run` without `--once`) applies them.
    static let interval: Duration = .seconds(300)

    /// What one pass did, rule by rule.
    struct Report: Sendable {
        var changes: [(rule: String, count: Int)]

        /// How many requests `rule` changed.
        func changed(by rule: String) -> Int { self.changes.first { $0.rule == rule }?.count ?? 0 }
        var total: Int { self.changes.reduce(0) { $0 + $1.count } }
    }

    /// Applies every rule once as of `now`, removes the web sessions expired by then, the delivered files
    /// nobody may open any more and the copyright entries past their keeping, brings the report tallies up to the
    /// history and closes the months due to close,
    /// and purges what is past its retention.
    static func runOnce(asOf now: Date, on application: Application) async throws -> Report {
        var changes = try await FollowUpSweep(application: application).run(asOf: now)
        changes.append(
            (rule: "expired-sessions", count: try await DatabaseSessions.purge(expiredAt: now, on: application)))
        changes.append(
            (
                rule: "documents",
                count: try await DocumentPurge(policy: application.documentPolicy).run(asOf: now, on: application)
            ))
        changes.append((rule: "copyright-ledger", count: try await CopyrightBook.purge(asOf: now, on: application)))
        changes.append((rule: "report-tallies", count: try await ReportLedger.catchUp(on: application)))
        changes.append((rule: "report-months", count: try await ReportMonths.closeDue(asOf: now, on: application)))
        changes += try await application.retention.purge(asOf: now, on: application)
        return Report(changes: changes)
    }
}
