import Fluent
import Foundation
import InterloanCore
import Vapor

/// `interloan holdings import FILE --library SYMBOL [--replace]`.
struct HoldingsCommands: AsyncCommandGroup {
    var help: String { "Loads what libraries hold, from MARCXML, binary MARC or CSV." }
    var commands: [String: any AnyAsyncCommand] {
        ["import": ImportHoldingsCommand(), "benchmark": HoldingsBenchmarkCommand()]
    }
}

struct ImportHoldingsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A MARCXML, binary MARC (ISO 2709) or CSV file, whatever its name")
        var file: String
        @Option(name: "library", help: "The holding library's symbol")
        var library: String?
        @Flag(name: "replace", help: "Replace the library's holdings instead of adding to them (atomically)")
        var replace: Bool
    }

    var help: String { "Imports a library's holdings; every skipped record is reported with its position." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let symbol = signature.library?.uppercased(), !symbol.isEmpty else {
            throw CommandFailure("--library SYMBOL is required")
        }
        guard let library = try await LibraryModel.query(on: app.db).filter(\.$symbol == symbol).first() else {
            throw CommandFailure("no library \(symbol) in the directory")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("cannot read \(signature.file)")
        }
        let file: HoldingsFile
        do {
            file = try HoldingsImport.read(Array(data), fileName: signature.file)
        } catch let refusal as HoldingsImport.Refusal {
            throw CommandFailure(refusal.description)
        }
        let total = try await HoldingsImport.store(
            file, libraryID: try library.requireID(), replace: signature.replace, reads: app.reads, writes: app.writes,
            now: app.clock.now(), logger: app.logger)
        context.console.print(
            "\(symbol): \(file.recordsRead) records read, \(file.holdings.count) holdings stored, "
                + "\(file.rejections.count) skipped; \(total) holdings in all")
        for rejection in file.rejections { context.console.print("  skipped \(rejection)") }
    }
}
