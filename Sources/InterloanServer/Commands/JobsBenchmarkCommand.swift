import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `interloan jobs benchmark`: issue 6's figures, on an empty database. Seeds the demo directory and
/// `--requests` open requests whose next follow-up looks are spread over the coming 20 days, makes `--due` of
/// them due now (their lender asked 10 days ago), then times a bare count of the open requests, one sweep of
/// every rule, a second sweep with nothing due, and rendering and queueing `--mails` notices.
struct JobsBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "requests", help: "Open requests (default 1,000,000)")
        var requests: Int?
        @Option(name: "due", help: "Of them, due for a follow-up now (default 1,000)")
        var due: Int?
        @Option(name: "mails", help: "Notices to render and queue (default 20,000)")
        var mails: Int?
    }

    var help: String { "Benchmarks a follow-up sweep and notice queueing on an empty database (see BENCHMARKS.md)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await LibraryModel.query(on: app.db).count() == 0 else {
            throw CommandFailure("the benchmark needs an empty database: set INTERLOAN_DATABASE to a new file")
        }
        let total = signature.requests ?? 1_000_000
        let due = min(signature.due ?? 1_000, total)
        let mails = signature.mails ?? 20_000
        let now = app.clock.now()
        app.clock = .fixed(now)
        _ = try await DemoSeeder(app: app, now: now).seedDirectory()
        let seeding = ContinuousClock.now
        try await BulkRequests(app: app).insert(count: total)
        context.console.print(
            "seeded \(total) open requests in \(Self.format((ContinuousClock.now - seeding).seconds)) s")
        try await Self.spreadFollowUps(app, now: now, due: due, total: total)

        let sql = app.db.asSQL
        let open = RequestStatus.allCases.filter { !$0.isFinal }.map(\.rawValue)
        var counts: [Double] = []
        var counted = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            counted =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(RequestRecord.table).where("status", .in, open).first()?.decode(column: "n", as: Int.self) ?? 0
            counts.append((ContinuousClock.now - start).seconds)
        }
        context.console.print(
            "bare count of open requests: \(counted) in \(Self.milliseconds(counts.sorted()[2])) ms (median of 5)")

        let sweep = ContinuousClock.now
        let report = try await ScheduledJobs.runOnce(asOf: now, on: app)
        let sweepSeconds = (ContinuousClock.now - sweep).seconds
        let changes = report.changes.filter { $0.count > 0 }.map { "\($0.rule) \($0.count)" }.joined(separator: ", ")
        context.console.print("sweep with \(due) due: \(Self.milliseconds(sweepSeconds)) ms (\(changes))")
        let idle = ContinuousClock.now
        let again = try await ScheduledJobs.runOnce(asOf: now, on: app)
        context.console.print(
            "second sweep, nothing due: \(Self.milliseconds((ContinuousClock.now - idle).seconds)) ms (\(again.total) changed)"
        )

        let queued = try await Self.queueNotices(mails, on: app, now: now)
        context.console.print(
            "notices rendered and queued: \(mails) in \(Self.format(queued)) s, \(Int(Double(mails) / queued))/s")
    }

    /// Next looks spread evenly over the coming 20 days, and `due` requests, evenly among them, due now with a
    /// lender that has not answered for 10 days.
    private static func spreadFollowUps(_ app: Application, now: Date, due: Int, total: Int) async throws {
        let sql = app.db.asSQL
        for bucket in 0..<20 {
            try await sql.update(RequestRecord.table)
                .set("follow_up_at", to: now.addingTimeInterval(Double(bucket + 1) * 86_400))
                .where(
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn("id"), .modulo, SQLLiteral.numeric("20")), .equal,
                        SQLLiteral.numeric("\(bucket)"))
                )
                .run()
        }
        guard due > 0 else { return }
        let step = max(1, total / due)
        let dueCondition = SQLBinaryExpression(
            SQLBinaryExpression(SQLColumn("id"), .modulo, SQLLiteral.numeric("\(step)")), .equal,
            SQLLiteral.numeric("0"))
        try await sql.update(RequestRecord.table).set("follow_up_at", to: now.addingTimeInterval(-3600))
            .where(dueCondition).run()
        try await sql.update(AttemptRecord.table).set("asked_at", to: now.addingTimeInterval(-10 * 86_400))
            .where(
                SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("request_id"), .modulo, SQLLiteral.numeric("\(step)")), .equal,
                    SQLLiteral.numeric("0"))
            )
            .run()
    }

    /// Renders `count` overdue notices to member libraries and queues them in batches, as a rule pass does.
    private static func queueNotices(_ count: Int, on app: Application, now: Date) async throws -> Double {
        let members = try await app.libraryDirectory.all(on: app.db).filter(\.isMember)
        let queue = MailQueue(directory: app.libraryDirectory, database: app.db)
        let start = ContinuousClock.now
        for batchStart in stride(from: 0, to: count, by: 500) {
            let notices = (batchStart..<min(batchStart + 500, count)).map { index -> Notice in
                var notice = Notice(
                    kind: .overdue, requestNumber: RequestNumber.encode(index + 1), title: "Benchmark title \(index)",
                    recipient: members[index % members.count].symbol)
                notice.dueDate = Day(now).adding(days: -7)
                notice.daysOverdue = 7
                notice.otherLibrary = members[(index + 1) % members.count].symbol
                return notice
            }
            let records = try await queue.records(for: notices, requestID: nil, at: now) {
                "benchmark:\($0.requestNumber)"
            }
            try await app.writes.write { database in
                try await MailQueue.enqueue(records, on: database)
            }
        }
        return (ContinuousClock.now - start).seconds
    }

    private static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
    private static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }
}
