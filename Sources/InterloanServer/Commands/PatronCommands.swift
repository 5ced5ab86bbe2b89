import Fluent
import InterloanCore
import Vapor

/// `interloan patrons add --library SYMBOL --barcode B [--name N] [--email E] [--password P]`.
struct PatronCommands: AsyncCommandGroup {
    var help: String { "Manages patron accounts." }
    var commands: [String: any AnyAsyncCommand] { ["add": AddPatronCommand()] }
}

struct AddPatronCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "library", help: "The patron's library, by symbol") var library: String?
        @Option(name: "barcode", help: "The library card's barcode, unique within the library") var barcode: String?
        @Option(name: "name") var name: String?
        @Option(name: "email", help: "Unique within the library; the patron may sign in with it") var email: String?
        @Option(name: "password", help: "At least 10 characters; without one the patron signs in another way")
        var password: String?
    }

    var help: String { "Adds a patron account to a library, with a Bcrypt-hashed password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let symbol = signature.library.flatMap(LibrarySymbol.normalize) else {
            throw CommandFailure("--library SYMBOL is required")
        }
        guard let library = try await app.libraryDirectory.library(symbol: symbol, on: app.db) else {
            throw CommandFailure("no library \(symbol) in the directory")
        }
        let (checked, errors) = NewPatron.check(
            barcode: signature.barcode, name: signature.name, email: signature.email, password: signature.password)
        guard let checked else {
            throw CommandFailure(errors.map { "--\($0.field) \($0.message)" }.joined(separator: "; "))
        }
        do {
            let hash = try checked.password.map { try Bcrypt.hash($0) }
            _ = try await checked.add(
                at: library.id, passwordHash: hash, now: app.clock.now(), through: app.writes)
        } catch APIError.invalidFields(let taken) {
            throw CommandFailure(taken.map { "--\($0.field) \($0.message)" }.joined(separator: "; "))
        }
        context.console.print("Added patron \(checked.barcode) at \(symbol).")
    }
}
