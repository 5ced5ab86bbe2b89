import Vapor

/// `interloan demo [--requests N [--history]]`: seeds the fictional demo consortium once and prints how to sign
/// in; `--requests N` adds N synthetic requests through the bulk path, for benchmarks: just placed, or with
/// `--history` placed through the past year with their whole histories.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "requests", help: "Adds this many synthetic requests (for benchmarks)")
        var requests: Int?

        @Flag(name: "history", help: "Places the synthetic requests through the past year, with whole histories")
        var history: Bool
    }

    var help: String { "Seeds the demo consortium (idempotent) and prints how to sign in." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let seeder = DemoSeeder(app: app, now: app.clock.now())
        if try await seeder.seedDirectory() {
            try await seeder.seedRequests(count: 204)
            try await DemoHoldings.seed(app, now: app.clock.now())
            try await DemoLists.seed(app, now: app.clock.now())
            try await DemoSite.seed(app, now: app.clock.now())
            context.console.print(
                "Seeded the demo consortium: 30 member libraries, 2 partners, 204 requests, holdings of \(DemoHoldings.titles.count) titles."
            )
        } else {
            context.console.print("The demo consortium is already there.")
        }
        if let extra = signature.requests {
            guard extra > 0 else { throw CommandFailure("--requests must be a positive number") }
            let started = Date()
            if signature.history {
                try await BulkHistories(app: app).insert(count: extra)
            } else {
                try await BulkRequests(app: app).insert(count: extra)
            }
            let added = Date()
            // As a serving server would have kept them up as the requests came in.
            try await ReportLedger.catchUp(on: app, eventsPerPass: ReportLedger.eventsPerLongPass)
            context.console.print(
                "Added \(extra) synthetic requests in \(Self.seconds(from: started, to: added)) s; report tallies "
                    + "caught up in \(Self.seconds(from: added, to: Date())) s.")
        }
        context.console.print(
            """
            Sign in as any library's staff, e.g. \(DemoDirectory.staffEmail("ALDF")), or as the team, \
            \(DemoDirectory.teamEmail); the password is '\(DemoDirectory.staffPassword)'.
            Patrons: /my/login, e.g. library ALDF, card \(DemoDirectory.patronBarcode("ALDF")), the same password.
            API: interloan token issue --library ALDF   (or --library \(DemoDirectory.consortium.symbol) for the team)
            """)
    }

    private static func seconds(from start: Date, to end: Date) -> String {
        String(format: "%.1f", end.timeIntervalSince(start))
    }
}
