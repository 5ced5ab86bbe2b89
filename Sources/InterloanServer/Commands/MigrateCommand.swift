import Vapor

/// `interloan migrate`: brings the schema up to date without asking (it happens on boot); says so.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Brings the database schema up to date (serve does this by itself)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("The database schema is up to date.")
    }
}
