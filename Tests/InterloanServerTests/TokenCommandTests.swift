import Foundation
import Testing

/// `interloan token issue` as an operator runs it: the built binary on a demo database.
@Suite struct TokenCommandTests {
    @Test func aTokenCarriesTheRoleAskedForWhereThatRoleBelongs() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("tokens")
        defer { cleanUp() }
        #expect(try BinaryRunner.run(["demo"], database: database).status == 0)
        let issued: [([String], String)] = [
            (["--library", "ALDF"], "for ALDF (staff)"),
            (["--library", "aldf", "--role", "staff"], "for ALDF (staff)"),
            (["--library", "HHLX"], "for HHLX (team)"),
            (["--library", "HHLX", "--role", "admin"], "for HHLX (admin)"),
            (["--library", "HHLX", "--role", "TEAM"], "for HHLX (team)"),
        ]
        for (arguments, expected) in issued {
            let run = try BinaryRunner.run(["token", "issue"] + arguments, database: database)
            #expect(run.status == 0, "\(arguments): \(run.output)")
            #expect(run.output.contains(expected), "\(arguments): \(run.output)")
            #expect(run.output.split(separator: "\n").last?.hasPrefix("il_") == true)
        }
        let refused: [([String], String)] = [
            (
                ["--library", "ALDF", "--role", "admin"],
                "team and admin tokens are the consortium's: give --library its symbol, HHLX"
            ),
            (["--library", "HHLX", "--role", "staff"], "a staff token belongs to a library"),
            (["--library", "HHLX", "--role", "boss"], "--role must be staff, team or admin, not boss"),
        ]
        for (arguments, message) in refused {
            let run = try BinaryRunner.run(["token", "issue"] + arguments, database: database)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.output.contains(message), "\(arguments): \(run.output)")
            #expect(!run.output.contains("il_"), "\(arguments): no token is issued")
        }
    }
}
