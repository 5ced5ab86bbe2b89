import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `interloan reports close --month YYYY-MM`: freezes a month's figures; `interloan reports catch-up`: brings the
/// kept tallies up to the history now; `interloan reports scan-events`: a benchmark's baseline.
struct ReportsCommands: AsyncCommandGroup {
    var help: String { "Reports: closes a month's figures; catches the tallies up; times a scan of the history." }
    var commands: [String: any AnyAsyncCommand] {
        ["close": CloseReportMonthCommand(), "catch-up": CatchUpReportsCommand(), "scan-events": ScanEventsCommand()]
    }
}

/// Brings the report tallies up to every event written, as `serve` does in the background, and says how long it
/// took.
struct CatchUpReportsCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Brings the kept report tallies up to the request history (serve does this by itself)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let started = ContinuousClock.now
        let replaced = try await ReportLedger.catchUp(
            on: context.application, eventsPerPass: ReportLedger.eventsPerLongPass)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        context.console.print(
            "tallied \(replaced) requests again in \(String(format: "%.1f", seconds)) s")
    }
}

/// Closes one month: its requests' report facts are kept as they stand, so later events do not change its figures.
struct CloseReportMonthCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "month", help: "The month to close, YYYY-MM; it must have ended")
        var month: String?
    }

    var help: String {
        "Freezes a month's report figures (months close by themselves seven days after they end)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let month = signature.month else { throw CommandFailure("--month YYYY-MM is required") }
        let app = context.application
        do {
            let count = try await ReportMonths.close(month, at: app.clock.now(), on: app)
            context.console.print("Closed \(month): the figures of its \(count) requests no longer change.")
        } catch let refusal as ReportMonths.Refusal {
            throw CommandFailure(refusal.description)
        }
    }
}

/// `interloan reports scan-events`: the baseline of the report figures in BENCHMARKS.md, a raw full scan of the
/// request history (every event's request, time, action, statuses and details read), timed.
struct ScanEventsCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Times a raw full scan of the request history (a benchmark's baseline)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let started = ContinuousClock.now
        let counts = NIOLockedValueBox((rows: 0, bytes: 0))
        let sql = context.application.reads
        try await sql.raw(
            "SELECT request_id, at, action, from_status, to_status, details FROM request_events"
        ).run { row in
            let size = (try? row.decode(column: "details", as: String.self).utf8.count) ?? 0
            counts.withLockedValue { $0 = ($0.rows + 1, $0.bytes + size) }
        }
        let (rows, bytes) = counts.withLockedValue { $0 }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        context.console.print("scanned \(rows) events (\(bytes) bytes of details) in \(Int(milliseconds)) ms")
    }
}
