import Foundation
import Testing

/// `interloan peers add` as an operator runs it: the built binary, a fresh SQLite file, the credential last.
@Suite struct PeerCommandTests {
    func run(_ arguments: [String], database: URL) throws -> (status: Int32, output: String) {
        try BinaryRunner.run(arguments, database: database)
    }

    @Test func peersAddRegistersAPartnerAndPrintsItsCredentialLast() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("peers")
        defer { cleanUp() }
        let added = try self.run(
            [
                "peers", "add", "--agency", "ISIL:US-NHGRF", "--name", "Granite Falls Library", "--endpoint",
                "https://ill.example.org/iso18626",
            ], database: database)
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
