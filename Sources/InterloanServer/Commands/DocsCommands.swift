import Foundation
import InterloanCore
import Vapor

/// `interloan docs lifecycle [--output PATH]`: writes the lifecycle diagram generated from the transition table.
struct DocsCommands: AsyncCommandGroup {
    var help: String { "Generates documentation from the code." }
    var commands: [String: any AnyAsyncCommand] { ["lifecycle": LifecycleDocCommand()] }
}

struct LifecycleDocCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "Where to write it (default docs/lifecycle.md)")
        var output: String?
    }

    var help: String { "Writes docs/lifecycle.md from the transition table." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.output ?? "docs/lifecycle.md"
        try Data(LifecycleDiagram.markdown().utf8).write(to: URL(fileURLWithPath: path))
        context.console.print("Wrote \(path)")
    }
}
