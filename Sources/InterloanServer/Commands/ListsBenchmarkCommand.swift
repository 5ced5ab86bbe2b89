import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// `interloan lists benchmark`: the announcement lists' figures of BENCHMARKS.md, on an empty database. One list with `--subscribers`
/// confirmed subscribers: the time to post an announcement and queue every mail; then `--posts` posts in the
/// archive and the archive page rendered `--renders` times through the whole server stack (router, sessions,
/// Leaf), beside `GET /health` through the same stack.
struct ListsBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "subscribers", help: "Confirmed subscribers (default 5,000)")
        var subscribers: Int?
        @Option(name: "posts", help: "Posts in the archive (default 10,000)")
        var posts: Int?
        @Option(name: "renders", help: "Archive pages to render (default 1,000)")
        var renders: Int?
    }

    var help: String {
        "Benchmarks posting to a list and rendering its archive on an empty database (see BENCHMARKS.md)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await LibraryModel.query(on: app.db).count() == 0 else {
            throw CommandFailure("the benchmark needs an empty database: set INTERLOAN_DATABASE to a new file")
        }
        let subscriberCount = signature.subscribers ?? 5_000
        let postCount = signature.posts ?? 10_000
        let renders = signature.renders ?? 1_000
        let now = app.clock.now()
        _ = try await DemoSeeder(app: app, now: now).seedDirectory()
        let sql = app.db.asSQL
        let list = AnnouncementListRecord(
            slug: "bench", name: "Benchmark list", description: "For the benchmark", regionCodes: "")
        let listID =
            try await sql.insert(into: AnnouncementListRecord.table).row(list).returning("id").first()?
            .decode(column: "id", as: Int.self) ?? 0
        var stored = list
        stored.id = listID
        for start in stride(from: 0, to: subscriberCount, by: 500) {
            let rows = (start..<min(start + 500, subscriberCount)).map {
                SubscriptionRecord(
                    listID: listID, email: "reader\($0)@patrons.example.org", state: .confirmed, confirmTokenHash: nil,
                    confirmationsSent: 1, confirmSentAt: now, requestedAt: now, confirmedAt: now)
            }
            try await sql.insert(into: SubscriptionRecord.table).rows(rows).run()
        }
        let team = Caller(
            actor: ActingParty(
                userID: nil, name: "Benchmark", librarySymbol: DemoDirectory.consortium.symbol, isTeam: true),
            libraryID: nil, role: .team)
        let body = String(repeating: "The **WEST 2** route runs late; see [the courier page](/courier).\n\n", count: 8)
        let posting = ContinuousClock.now
        let (_, queued) = try await Announcements(application: app, database: app.db)
            .post(["title": .string("Benchmark announcement"), "body": .string(body)], to: stored, by: team)
        context.console.print(
            "post to \(subscriberCount) subscribers: \(queued) mails queued in \(Self.milliseconds((ContinuousClock.now - posting).seconds)) ms"
        )

        let html = SafeMarkdown.render(body)
        for start in stride(from: 0, to: postCount, by: 500) {
            let rows = (start..<min(start + 500, postCount)).map { index in
                AnnouncementRecord(
                    listID: listID, title: "Announcement \(index)", body: body, bodyHTML: html,
                    searchText: "announcement \(index) " + SafeMarkdown.plainText(body).lowercased(), route: nil,
                    libraries: "",
                    postedAt: now.addingTimeInterval(Double(index - postCount) * 3600), postedBy: "Benchmark")
            }
            try await app.writes.write { database in
                try await database.insert(into: AnnouncementRecord.table).rows(rows).run()
            }
        }
        let health = try await Self.latencies(app, path: "/health", count: renders)
        let archive = try await Self.latencies(app, path: "/lists/bench", count: renders)
        let searched = try await Self.latencies(
            app, path: "/lists/bench?q=announcement%209999", count: max(1, renders / 10))
        for (name, values) in [
            ("GET /health (baseline)", health), ("archive page, \(postCount) posts", archive),
            ("archive search", searched),
        ] {
            context.console.print(
                "\(name): p50 \(Self.milliseconds(Self.percentile(values, 0.5))) ms, p99 \(Self.milliseconds(Self.percentile(values, 0.99))) ms over \(values.count)"
            )
        }
    }

    /// Server-side time of `count` GETs of `path` through the application's responder.
    private static func latencies(_ app: Application, path: String, count: Int) async throws -> [Double] {
        var values: [Double] = []
        for _ in 0..<count {
            let request = Request(application: app, method: .GET, url: URI(string: path), on: app.eventLoopGroup.any())
            let start = ContinuousClock.now
            let response = try await app.responder.current.respond(to: request).get()
            values.append((ContinuousClock.now - start).seconds)
            guard response.status == .ok else { throw CommandFailure("\(path) answered \(response.status)") }
        }
        return values.sorted()
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
    }

    private static func milliseconds(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
}

/// `interloan lists ...`.
struct ListsCommands: AsyncCommandGroup {
    var help: String { "Announcement lists." }
    var commands: [String: any AnyAsyncCommand] { ["benchmark": ListsBenchmarkCommand()] }
}
