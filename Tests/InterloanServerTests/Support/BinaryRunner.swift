import Foundation
import Testing

/// Runs the built `interloan` binary as an operator would, on one SQLite file, and returns its exit status and
/// everything it printed.
enum BinaryRunner {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        let binary = self.packageRoot.appendingPathComponent(".build/debug/interloan")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build the package first: swift build")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["INTERLOAN_DATABASE": database.path, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "warning"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh database path, and the cleanup of the file and its WAL companions.
    static func temporaryDatabase(_ prefix: String) -> (URL, () -> Void) {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite")
        return (database, {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        })
    }
}
