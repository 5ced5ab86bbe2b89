import Foundation
import Vapor

/// `interloan backup --to FILE`: a consistent copy of the SQLite database, taken while `serve` runs and writes.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The file to write; it must not exist yet")
        var to: String?
    }

    var help: String { "Copies the SQLite database (and the mail folder, if notices go to files) while serving." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard case .sqlite(let path) = context.application.store else {
            throw CommandFailure(
                "the database is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom "
                    + "--file=interloan.dump \"$DATABASE_URL\" (docs/deploy.md)")
        }
        guard let target = signature.to, !target.isEmpty else { throw CommandFailure("--to FILE is required") }
        let copy = try SQLiteBackup.copy(databaseAt: path, to: target)
        context.console.print("Backed up \(path) to \(target): \(copy.requests) requests, \(copy.bytes) bytes.")
        if case .files(let directory) = context.application.mailSettings.delivery,
            FileManager.default.fileExists(atPath: directory)
        {
            let folder = target + ".mail"
            try FileManager.default.copyItem(atPath: directory, toPath: folder)
            context.console.print("Copied the mail folder \(directory) to \(folder).")
        }
    }
}

extension Application {
    private struct StoreKey: StorageKey {
        typealias Value = Settings.Store
    }

    /// Where this application's data lives; set by `configure`.
    var store: Settings.Store? {
        get { self.storage[StoreKey.self] }
        set { self.storage[StoreKey.self] = newValue }
    }
}
