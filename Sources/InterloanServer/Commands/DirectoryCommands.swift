import Fluent
import Foundation
import InterloanCore
import Vapor

/// `interloan directory import --file FILE [--consortium-name N] [--consortium-symbol S] [--agency-id TYPE:VALUE]`.
struct DirectoryCommands: AsyncCommandGroup {
    var help: String { "Manages the consortium's directory of libraries." }
    var commands: [String: any AnyAsyncCommand] { ["import": ImportDirectoryCommand()] }
}

/// Loads a consortium's libraries from CSV (see `DirectoryFile`): new symbols are added, known ones updated from
/// their row, libraries the file does not name are left as they are. The first import names the consortium.
/// All of it in one transaction, and only when every row is good.
struct ImportDirectoryCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "The CSV file: symbol,name,town,contact_email and optional columns")
        var file: String?
        @Option(name: "consortium-name", help: "The consortium's name (needed the first time)")
        var consortiumName: String?
        @Option(name: "consortium-symbol", help: "The symbol the team signs in under (needed the first time)")
        var consortiumSymbol: String?
        @Option(name: "agency-id", help: "The consortium's ISO 18626 agency id as TYPE:VALUE, e.g. ISIL:US-XYZ")
        var agencyID: String?
    }

    var help: String { "Adds and updates libraries from a CSV file; names the consortium the first time." }

    static let largestFile = 16 * 1024 * 1024

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.file, !path.isEmpty else { throw CommandFailure("--file FILE is required") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot read \(path)") }
        let data = try handle.read(upToCount: Self.largestFile + 1) ?? Data()
        guard data.count <= Self.largestFile else {
            throw CommandFailure("\(path) is larger than 16 MiB; a directory is a few thousand lines")
        }
        let file = DirectoryFile.read(bytes: Array(data))
        guard file.problems.isEmpty else {
            let shown = file.problems.prefix(20).joined(separator: "; ")
            let more = file.problems.count > 20 ? " (and \(file.problems.count - 20) more)" : ""
            throw CommandFailure("\(path) was not imported, nothing changed: \(shown)\(more)")
        }
        let consortium = try ConsortiumNaming(
            name: signature.consortiumName, symbol: signature.consortiumSymbol, agencyID: signature.agencyID)
        let report = try await DirectoryImport(database: context.application.db).apply(file, consortium: consortium)
        await context.application.libraryDirectory.invalidate()
        context.console.print(report.summary)
    }
}

/// What the command line says of the consortium itself, checked.
struct ConsortiumNaming {
    var name: String?
    var symbol: String?
    var agencyType: String?
    var agencyValue: String?

    init(name: String?, symbol: String?, agencyID: String?) throws {
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard (1...200).contains(trimmed.count) else {
                throw CommandFailure("--consortium-name must be 1 to 200 characters")
            }
            self.name = trimmed
        }
        if let symbol {
            let upper = symbol.uppercased()
            guard (2...16).contains(upper.count), upper.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { throw CommandFailure("--consortium-symbol must be 2 to 16 letters or digits") }
            self.symbol = upper
        }
        if let agencyID {
            let parts = agencyID.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, (1...40).contains(parts[0].count), (1...100).contains(parts[1].count),
                !agencyID.contains(where: \.isWhitespace)
            else { throw CommandFailure("--agency-id must be TYPE:VALUE, e.g. ISIL:US-XYZ") }
            (self.agencyType, self.agencyValue) = (parts[0], parts[1])
        }
    }
}
