import Fluent
import Vapor

/// `interloan token issue --library SYMBOL [--role staff|team|admin]` and `interloan token revoke --id N`.
struct TokenCommands: AsyncCommandGroup {
    var help: String { "Issues and revokes API tokens." }
    var commands: [String: any AnyAsyncCommand] { ["issue": IssueTokenCommand(), "revoke": RevokeTokenCommand()] }
}

struct IssueTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "library", help: "The library's symbol, or the consortium's symbol for a team token")
        var library: String?
        @Option(name: "label", help: "Who or what uses the token (shown in request histories)")
        var label: String?
        @Option(
            name: "role",
            help:
                "staff (a library's, the default for a library) or team (the default) or admin, with the consortium's symbol"
        )
        var role: String?
    }

    var help: String { "Issues an API token for a library's staff, or for the team; the token is the last line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let symbol = signature.library?.uppercased(), !symbol.isEmpty else {
            throw CommandFailure("--library SYMBOL is required")
        }
        var role: StaffRole?
        if let text = signature.role {
            guard let named = StaffRole(rawValue: text.lowercased()) else {
                throw CommandFailure("--role must be staff, team or admin, not \(text)")
            }
            role = named
        }
        let consortium = try await ConsortiumModel.query(on: app.db).first()
        let token = APITokens.generate()
        let model: APITokenModel
        let now = app.clock.now()
        if symbol == consortium?.symbol {
            let role = role ?? .team
            guard role.isTeam else {
                throw CommandFailure("a staff token belongs to a library: give --library the library's symbol")
            }
            model = APITokenModel(
                tokenHash: APITokens.digest(token), label: signature.label ?? "\(symbol) \(role.rawValue) API",
                role: role,
                libraryID: nil, createdAt: now)
        } else {
            guard role ?? .staff == .staff else {
                throw CommandFailure(
                    "team and admin tokens are the consortium's: give --library its symbol, \(consortium?.symbol ?? "")"
                )
            }
            guard let library = try await LibraryModel.query(on: app.db).filter(\.$symbol == symbol).first() else {
                throw CommandFailure("no library \(symbol) in the directory")
            }
            model = APITokenModel(
                tokenHash: APITokens.digest(token), label: signature.label ?? "\(symbol) API", role: .staff,
                libraryID: try library.requireID(), createdAt: now)
        }
        try await model.create(on: app.db)
        context.console.print(
            "Token \(try model.requireID()) for \(symbol) (\(model.role.rawValue)); it is shown only once:")
        context.console.print(token)
    }
}

struct RevokeTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "id", help: "The token's number, as printed when it was issued")
        var id: Int?
    }

    var help: String { "Revokes an API token at once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let id = signature.id else { throw CommandFailure("--id N is required") }
        guard let token = try await APITokenModel.find(id, on: context.application.db) else {
            throw CommandFailure("no token \(id)")
        }
        token.revokedAt = context.application.clock.now()
        try await token.save(on: context.application.db)
        context.console.print("Token \(id) is revoked.")
    }
}

/// A command's refusal, printed as it is.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
