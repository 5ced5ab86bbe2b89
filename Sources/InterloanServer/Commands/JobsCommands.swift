import Foundation
import Vapor

/// `interloan jobs run --once [--now YYYY-MM-DDTHH:MM:SSZ]`.
struct JobsCommands: AsyncCommandGroup {
    var help: String { "Runs the scheduled rules (lenders that did not answer in time, ...)." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunJobsCommand(), "benchmark": JobsBenchmarkCommand()] }
}

struct RunJobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "Apply every rule once and exit (without it, keep applying them every 5 minutes)")
        var once: Bool
        @Option(name: "now", help: "Evaluate the rules as of this instant, e.g. 2026-12-03T09:00:00Z")
        var now: String?
    }

    var help: String { "Applies the scheduled rules; running twice for the same instant changes nothing more." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.now != nil, !signature.once {
            throw CommandFailure("--now evaluates one instant; give it with --once")
        }
        if let text = signature.now {
            guard let instant = try? Date(text, strategy: .iso8601) else {
                throw CommandFailure("--now takes an instant like 2026-12-03T09:00:00Z, not '\(text)'")
            }
            app.clock = .fixed(instant)
        }
        repeat {
            let now = app.clock.now()
            let report = try await ScheduledJobs.runOnce(asOf: now, on: app)
            for change in report.changes {
                context.console.print("\(change.rule): \(change.count) changed as of \(now.formatted(.iso8601))")
            }
            if !signature.once { try await Task.sleep(for: ScheduledJobs.interval) }
        } while !signature.once
    }
}
