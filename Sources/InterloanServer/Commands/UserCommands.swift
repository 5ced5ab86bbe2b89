import Fluent
import InterloanCore
import Vapor

/// `interloan users add --email E --password P --library SYMBOL [--role staff|team|admin] [--name N]`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages staff users." }
    var commands: [String: any AnyAsyncCommand] { ["add": AddUserCommand()] }
}

struct AddUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email") var email: String?
        @Option(name: "password") var password: String?
        @Option(name: "library", help: "The library's symbol; the consortium's symbol for the team") var library:
            String?
        @Option(name: "role", help: "staff (default for a library), team (default for the consortium) or admin")
        var role: String?
        @Option(name: "name") var name: String?
    }

    var help: String { "Adds a staff user with a Bcrypt-hashed password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.email?.lowercased(), EmailAddress.isValid(email) else {
            throw CommandFailure("--email must be an email address")
        }
        guard let password = signature.password, password.count >= 10 else {
            throw CommandFailure("--password must have at least 10 characters")
        }
        guard let symbol = signature.library?.uppercased() else { throw CommandFailure("--library SYMBOL is required") }
        let consortium = try await ConsortiumModel.query(on: app.db).first()
        var libraryID: Int?
        var role = StaffRole.team
        if symbol != consortium?.symbol {
            guard let library = try await LibraryModel.query(on: app.db).filter(\.$symbol == symbol).first() else {
                throw CommandFailure("no library \(symbol) in the directory")
            }
            libraryID = try library.requireID()
            role = .staff
        }
        if let name = signature.role {
            guard let chosen = StaffRole(rawValue: name) else {
                throw CommandFailure("--role must be staff, team or admin")
            }
            guard chosen.isTeam == (libraryID == nil) else {
                throw CommandFailure(
                    "staff belong to a library; team and admins to the consortium (\(consortium?.symbol ?? "?"))")
            }
            role = chosen
        }
        if try await UserModel.query(on: app.db).filter(\.$email == email).first() != nil {
            throw CommandFailure("a user with that email already exists")
        }
        let user = UserModel(
            email: email, name: signature.name ?? email, passwordHash: try Bcrypt.hash(password), role: role,
            libraryID: libraryID)
        try await user.create(on: app.db)
        context.console.print("Added \(email) (\(role.rawValue), \(symbol)).")
    }
}
