import Foundation
import Testing

/// `interloan peers add` as an operator runs it: the built binary, a fresh SQLite file, the credential last.
@Suite struct PeerCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/interloan")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build the package first: swift build")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["INTERLOAN_DATABASE": database.path, "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func peersAddRegistersAPartnerAndPrintsItsCredentialLast() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("peers-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        }
        let added = try self.run(
            ["peers", "add", "--agency", "ISIL:US-NHGRF", "--name", "Granite Falls Library", "--endpoint",
                "https://ill.example.org/iso18626"], database: database)
        #expect(added.status == 0, "\(added.output)")
        let credential = added.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(credential.hasPrefix("il_") && credential.count > 40, "\(added.output)")

        let listed = try self.run(["peers", "list"], database: database)
        #expect(listed.output.contains("ISIL:US-NHGRF\thttps://ill.example.org/iso18626"))

        let again = try self.run(
            ["peers", "add", "--agency", "ISIL:US-NHGRF", "--name", "Again", "--endpoint", "https://x.example.org/"],
            database: database)
        #expect(again.status != 0)
        #expect(again.output.contains("already registered"))

        let badEndpoint = try self.run(
            ["peers", "add", "--agency", "ISIL:US-X", "--name", "X", "--endpoint", "ftp://x"], database: database)
        #expect(badEndpoint.status != 0)
        #expect(badEndpoint.output.contains("--endpoint must be an http or https URL"))
    }
}
