import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// One pass of every follow-up rule over the requests due for a look. Each request carries the instant its
/// rules next need it (`follow_up_at`, indexed); a pass reads only the requests whose instant has come, lets
/// each rule watching its status act, and stores the earliest instant any of them asks for. A change of status
/// sets the instant to "now", so the next pass sees every new situation.
struct FollowUpSweep: Sendable {
    static let rules: [any FollowUpRule] = [
        NoAnswerRule(), NotReceivedRule(), PleaseUpdateRule(), ClaimWindowRule(), OverdueRule(), NotCheckedInRule(),
        PatronDueDateRule(),
    ]
    static let watchedStatuses: Set<RequestStatus> = Set(rules.flatMap(\.statuses))
    /// Requests read together, and checked at once.
    static let batchSize = 200
    static let concurrentChecks = 16

    let application: Application
    var policy = FollowUpPolicy.standard

    /// Whether any rule watches requests in `status`.
    static func watches(_ status: RequestStatus) -> Bool { self.watchedStatuses.contains(status) }

    /// Applies every rule as of `now`; returns how many requests each rule changed.
    func run(asOf now: Date) async throws -> [(rule: String, count: Int)] {
        var counts = Dictionary(uniqueKeysWithValues: Self.rules.map { ($0.name, 0) })
        let sql = self.application.db.asSQL
        let due = try await sql.select().column("id").from(RequestRecord.table)
            .where("follow_up_at", .lessThanOrEqual, SQLBind(now))
            .all(decoding: IDRow.self).map(\.id)
        let jobs = JobContext(application: self.application)
        let working = try await self.application.courierCalendar.working(on: self.application.db)
        let store = RequestStore(database: self.application.db, directory: self.application.libraryDirectory)
        for start in stride(from: 0, to: due.count, by: Self.batchSize) {
            let ids = Array(due[start..<min(start + Self.batchSize, due.count)])
            let rows = try await sql.select().column("*").from(RequestRecord.table).where("id", .in, ids)
                .all().map(RequestRecord.init(row:))
            let requests = try await store.hydrate(rows)
            let libraries = Set(requests.flatMap { $0.state.shipments.flatMap { [$0.from, $0.to] } })
            let context = FollowUpContext(
                jobs: jobs, now: now, policy: self.policy, working: working,
                estimator: try await DeliveryEstimator.load(
                    self.application, database: self.application.db, libraries: libraries))
            // Requests are independent: checking several at once lets their writes share commits.
            let looks = try await withThrowingTaskGroup(of: Look.self) { group in
                var looks: [Look] = []
                for (index, request) in requests.enumerated() {
                    if index >= Self.concurrentChecks, let done = try await group.next() { looks.append(done) }
                    group.addTask { await self.followUp(request, context: context) }
                }
                for try await done in group { looks.append(done) }
                return looks
            }
            for look in looks {
                for rule in look.changedBy { counts[rule, default: 0] += 1 }
            }
            let nextLooks = looks.map { (id: $0.id, version: $0.version, next: $0.next) }
            try await self.store(nextLooks, on: sql)
        }
        return Self.rules.map { ($0.name, counts[$0.name] ?? 0) }
    }

    /// What the rules did to one request and when it needs its next look.
    private struct Look: Sendable {
        var id: Int
        var version: Int
        var changedBy: [String]
        var next: Date?
    }

    /// Lets every rule watching `request`'s status act on it.
    private func followUp(_ request: StoredRequest, context: FollowUpContext) async -> Look {
        var look = Look(id: request.id, version: request.version, changedBy: [], next: nil)
        for rule in Self.rules where rule.statuses.contains(request.state.status) {
            // One request that cannot be followed up (a failing partner lookup, a database hiccup) must not hold
            // up the others: it is logged and looked at again at the next pass.
            do {
                let check = try await rule.check(request, context: context)
                if check.changed { look.changedBy.append(rule.name) }
                if let wanted = check.next { look.next = min(look.next ?? wanted, wanted) }
            } catch {
                self.application.logger.error(
                    "\(rule.name) skipped request \(request.number): \(String(describing: error))")
                look.next = context.now.addingTimeInterval(ScheduledJobs.interval.seconds)
            }
        }
        return look
    }

    /// Writes when each request needs its next look; a request changed meanwhile (its version moved) keeps the
    /// instant its change set.
    private func store(_ looks: [(id: Int, version: Int, next: Date?)], on sql: any SQLDatabase) async throws {
        guard !looks.isEmpty else { return }
        // In id order, as every instance writes them, so two passes at once never wait on each other's rows
        // (on PostgreSQL, opposite orders deadlock).
        let ordered = looks.sorted { $0.id < $1.id }
        try await self.application.writes.write { sql in
            for look in ordered {
                try await sql.update(RequestRecord.table).set("follow_up_at", to: look.next)
                    .where("id", .equal, look.id).where("version", .equal, look.version).run()
            }
        }
    }

    private struct IDRow: Decodable {
        let id: Int
    }
}
