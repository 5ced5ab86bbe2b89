import Foundation
import Vapor

/// `interloan documents serve-file --file PATH [--port N]`: the baseline of the delivered-file figures in
/// BENCHMARKS.md.
struct DocumentsCommands: AsyncCommandGroup {
    var help: String { "Delivered files: the benchmark's baseline server." }
    var commands: [String: any AnyAsyncCommand] { ["serve-file": ServeFileCommand()] }
}

/// Serves one file from disk at `GET /file`, streamed by Vapor's own file I/O and nothing else (no database, no
/// middleware of ours): what a plain static-file download of the same bytes costs on this machine. `POST /file`
/// writes a body to a file and flushes it once: what a plain durable upload costs.
struct ServeFileCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "The file to serve")
        var file: String?
        @Option(name: "port", help: "The loopback port (default 8190)")
        var port: Int?
    }

    var help: String {
        "Serves one file at http://127.0.0.1:PORT/file and takes uploads there, until stopped (a benchmark's baseline)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.file, FileManager.default.isReadableFile(atPath: path) else {
            throw CommandFailure("--file names the file to serve, which must be readable")
        }
        let port = signature.port ?? 8190
        guard (1...65_535).contains(port) else { throw CommandFailure("--port is a port from 1 to 65535") }
        let app = try await Application.make(.production)
        app.logger.logLevel = .warning
        app.get("file") { request async throws -> Response in
            try await request.fileio.asyncStreamFile(at: path)
        }
        // The upload's baseline: the body streamed to a file beside the served one and flushed to disk once, as
        // durable as a stored upload and nothing more.
        let received = path + ".received"
        app.on(.POST, "file", body: .stream) { request async throws -> HTTPStatus in
            guard FileManager.default.createFile(atPath: received, contents: nil) else {
                throw Abort(.internalServerError, reason: "cannot write beside the served file")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: received))
            defer { try? handle.close() }
            for try await part in request.body { try handle.write(contentsOf: part.readableBytesView) }
            try handle.synchronize()
            return .created
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        context.console.print("serving \(path) at http://127.0.0.1:\(port)/file")
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}
