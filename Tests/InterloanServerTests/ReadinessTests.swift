import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// `GET /ready` says ready only when the database answers, the schema is current and a write goes through.
    @Suite struct ReadinessTests {
        @Test func readyWhenEverythingAnswersAndNamesWhatIsMissingOtherwise() async throws {
            try await withTestApp { context in
                let ready = try await context.call(.GET, "/ready")
                #expect(ready.status == .ok)
                #expect((ready.body as? [String: String]) == ["status": "ready"])

                let last = try #require(SchemaHistory.migrations.last).name
                // Renamed, not deleted, and named back afterwards: on PostgreSQL the next test reverts by this table.
                try await context.app.writes.write { sql in
                    try await sql.update("_fluent_migrations").set("name", to: last + " (hidden)")
                        .where("name", .equal, last).run()
                }
                let behind = try await context.call(.GET, "/ready")
                #expect(behind.status == .serviceUnavailable)
                #expect(
                    (behind.body as? [String: String])?["reason"]
                        == "not every migration has run (1 missing, first \(last)): run interloan migrate")
                try await context.app.writes.write { sql in
                    try await sql.update("_fluent_migrations").set("name", to: last)
                        .where("name", .equal, last + " (hidden)").run()
                }
                #expect(try await context.call(.GET, "/ready").status == .ok)
            }
        }
    }
}

/// On SQLite, every write goes through one writer: while it cannot take a write, the instance is not ready.
@Suite struct WriterReadinessTests {
    @Test func notReadyWhileTheWriterCannotTakeAWrite() async throws {
        try await withTestApp { context in
            let (started, begin) = AsyncStream<Void>.makeStream()
            let (released, release) = AsyncStream<Void>.makeStream()
            let holding = Task {
                try await context.app.writes.write { _ in
                    begin.yield()
                    for await _ in released { break }
                }
            }
            for await _ in started { break }
            let request = Request(application: context.app, on: context.app.eventLoopGroup.next())
            let stuck = await ReadinessController.problem(request, writeTimeout: .milliseconds(200))
            #expect(stuck == "a write does not go through (the writer is stopped or stuck)")
            // Probes while the writer is stuck wait on the one write already queued instead of adding their own.
            let queued = context.app.writeProbe.start(context.app.writes)
            #expect(context.app.writeProbe.start(context.app.writes) == queued)
            release.yield()
            try await holding.value
            #expect(await queued.value)
            #expect(await ReadinessController.problem(request, writeTimeout: .seconds(30)) == nil)
            #expect(context.app.writeProbe.start(context.app.writes) != queued, "a finished probe is not reused")
        }
    }
}
