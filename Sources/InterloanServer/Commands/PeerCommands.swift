import ISO18626
import SQLKit
import Vapor

/// `interloan peers add|credential|list`: the ISO 18626 partners of the consortium.
struct PeerCommands: AsyncCommandGroup {
    var help: String { "Registers ISO 18626 partners (other ILL systems)." }
    var commands: [String: any AnyAsyncCommand] {
        ["add": AddPeerCommand(), "credential": PeerCredentialCommand(), "list": ListPeersCommand()]
    }
}

struct AddPeerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "agency", help: "The partner's agency id as TYPE:VALUE, e.g. ISIL:US-NHGRF")
        var agency: String?
        @Option(name: "name", help: "The partner's name")
        var name: String?
        @Option(name: "endpoint", help: "The URL its ISO 18626 messages are posted to")
        var endpoint: String?
        @Option(name: "symbol", help: "The partner's symbol in the directory (default: from the agency value)")
        var symbol: String?
    }

    var help: String { "Registers a partner; its credential, shown once, is the last line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let text = signature.agency, let agency = AgencyID(text) else {
            throw CommandFailure("--agency TYPE:VALUE is required, e.g. --agency ISIL:US-NHGRF")
        }
        guard let name = signature.name else { throw CommandFailure("--name NAME is required") }
        guard let endpoint = signature.endpoint else { throw CommandFailure("--endpoint URL is required") }
        do {
            let (partner, credential) = try await PartnerRegistry(app: context.application)
                .add(agency: agency, name: name, endpoint: endpoint, symbol: signature.symbol)
            context.console.print(
                "Partner \(agency) registered (directory library id \(partner.libraryID)); it sends this credential as "
                    + "'Authorization: Bearer <credential>', shown only once:")
            context.console.print(credential)
        } catch let refusal as PartnerRegistry.Refusal {
            throw CommandFailure(refusal.description)
        }
    }
}

struct PeerCredentialCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "agency", help: "The partner's agency id as TYPE:VALUE")
        var agency: String?
        @Option(name: "send", help: "The credential the partner issued to us, sent with every message to it")
        var send: String?
    }

    var help: String { "Sets the credential sent with messages to a partner." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let text = signature.agency, let agency = AgencyID(text) else {
            throw CommandFailure("--agency TYPE:VALUE is required")
        }
        guard let credential = signature.send, !credential.isEmpty else {
            throw CommandFailure("--send CREDENTIAL is required")
        }
        do {
            try await PartnerRegistry(app: context.application).setOutgoingCredential(credential, for: agency)
            context.console.print("Messages to \(agency) now carry the credential it issued.")
        } catch let refusal as PartnerRegistry.Refusal {
            throw CommandFailure(refusal.description)
        }
    }
}

struct ListPeersCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the registered partners." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let partners = try await context.application.db.asSQL.select().column("*")
            .from(PartnerRecord.table).orderBy("id").all(reading: PartnerRecord.self)
        for partner in partners {
            let sends = partner.outgoingCredential == nil ? "no credential to send" : "sends a credential"
            context.console.print(
                "\(partner.agencyIDType):\(partner.agencyIDValue)\t\(partner.endpointURL)\t\(sends)")
        }
    }
}
