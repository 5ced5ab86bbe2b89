import Foundation
import Vapor

/// `interloan mail deliver [--now YYYY-MM-DDTHH:MM:SSZ]`: sends the notices due now, as `serve` does every few
/// seconds; for operators (after fixing a mail server) and tests.
struct MailCommands: AsyncCommandGroup {
    var help: String { "The mail outbox: notices to libraries." }
    var commands: [String: any AnyAsyncCommand] { ["deliver": DeliverMailCommand()] }
}

struct DeliverMailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "now", help: "Deliver what is due as of this instant, e.g. 2026-12-03T09:00:00Z")
        var now: String?
    }

    var help: String { "Sends every mail due now, once; failures wait for their next attempt." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let text = signature.now {
            guard let instant = try? Date(text, strategy: .iso8601) else {
                throw CommandFailure("--now takes an instant like 2026-12-03T09:00:00Z, not '\(text)'")
            }
            app.clock = .fixed(instant)
        }
        let pass = try await app.mailOutbox.deliverDue()
        context.console.print("mail: \(pass.sent) sent, \(pass.retrying) to retry, \(pass.failed) failed")
    }
}
