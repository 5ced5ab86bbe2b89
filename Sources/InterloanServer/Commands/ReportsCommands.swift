import Foundation
import Vapor

/// `interloan reports close --month YYYY-MM`: freezes a month's figures.
struct ReportsCommands: AsyncCommandGroup {
    var help: String { "Reports: closes a month's figures." }
    var commands: [String: any AnyAsyncCommand] { ["close": CloseReportMonthCommand()] }
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
