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

    /// Runs the binary with its standard output and standard error kept apart (each into a file, so neither can
    /// fill a pipe while the other is read).
    static func runSeparately(_ arguments: [String], database: URL) throws -> (
        status: Int32, standardOutput: String, standardError: String
    ) {
        let folder = database.deletingLastPathComponent()
        let output = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errors = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = self.packageRoot.appendingPathComponent(".build/debug/interloan")
        process.arguments = arguments
        process.environment = ["INTERLOAN_DATABASE": database.path, "PATH": "/usr/bin:/bin", "LOG_LEVEL": "warning"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return (process.terminationStatus, read(output), read(errors))
    }

    /// A fresh database path in a folder of its own (notices are written beside it), and the folder's cleanup.
    static func temporaryDatabase(_ prefix: String) -> (URL, () -> Void) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("interloan.sqlite"), { try? FileManager.default.removeItem(at: folder) })
    }
}
