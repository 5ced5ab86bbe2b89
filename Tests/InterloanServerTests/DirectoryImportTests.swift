import Fluent
import Foundation
import InterloanCore
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Loading the directory from CSV: libraries added and updated in one transaction, the consortium named once.
    @Suite struct DirectoryImportTests {
        static func file(_ text: String) -> DirectoryFile {
            let file = DirectoryFile.read(bytes: Array(text.utf8))
            #expect(file.problems == [])
            return file
        }

        @Test func addsNewSymbolsUpdatesKnownOnesAndLeavesTheRest() async throws {
            try await withTestApp { context in
                let file = Self.file(
                    """
                    symbol,name,town,contact_email,region,region_name,loan_days
                    BOR,Borrowing Town Library,Town 0,ill@bor.example.org,R1,Region One,60
                    NEWL,New Library,Newtown,ill@newl.example.org,R2,Region Two,21
                    """)
                let naming = try ConsortiumNaming(name: "Renamed Consortium", symbol: nil, agencyID: nil)
                let report = try await DirectoryImport(database: context.app.db).apply(file, consortium: naming)
                #expect(
                    report
                        == .init(
                            consortium: "Renamed Consortium (TEST)", librariesAdded: 1, librariesUpdated: 1,
                            librariesUntouched: 4, regionsAdded: 1))
                let bor = try #require(
                    try await LibraryModel.query(on: context.app.db).filter(\.$symbol == "BOR").first())
                #expect((bor.name, bor.loanDays) == ("Borrowing Town Library", 60))
                let added = try #require(
                    try await LibraryModel.query(on: context.app.db).filter(\.$symbol == "NEWL").with(\.$region).first()
                )
                #expect(added.region?.code == "R2" && added.isMember && added.responseDays == 4)
                await context.app.libraryDirectory.invalidate()
                // The new library can borrow at once: a request placed by the team on its behalf names it.
                let (status, _) = try await context.call(
                    .POST, "/api/v1/requests", as: "TEAM", json: #"{"title": "X", "borrower": "NEWL"}"#)
                #expect(status == .created)

                let again = try await DirectoryImport(database: context.app.db).apply(file, consortium: naming)
                #expect((again.librariesAdded, again.librariesUpdated, again.regionsAdded) == (0, 2, 0))
            }
        }

        @Test func aRefusedImportChangesNothing() async throws {
            try await withTestApp { context in
                let clash = Self.file(
                    """
                    symbol,name,town,contact_email,region
                    NEWL,New Library,Newtown,ill@newl.example.org,R9
                    TEST,The Consortium,Capital,ill@test.example.org,R9
                    """)
                let importer = DirectoryImport(database: context.app.db)
                await #expect(throws: CommandFailure.self) {
                    try await importer.apply(
                        clash, consortium: try ConsortiumNaming(name: nil, symbol: nil, agencyID: nil))
                }
                let renamed = try ConsortiumNaming(name: nil, symbol: "OTHER", agencyID: nil)
                await #expect(throws: CommandFailure.self) {
                    try await importer.apply(
                        Self.file("symbol,name,town,contact_email,region\nZZ,Z,Z,z@z.example.org,R9\n"),
                        consortium: renamed)
                }
                #expect(
                    try await LibraryModel.query(on: context.app.db).filter(\.$symbol ~~ ["NEWL", "ZZ"]).count() == 0)
                #expect(try await RegionModel.query(on: context.app.db).filter(\.$code == "R9").count() == 0)
            }
        }
    }
}

/// The command on an empty database, as an operator sets up a real consortium.
@Suite struct DirectoryCommandTests {
    @Test func aFirstImportNamesTheConsortiumThenStaffCanBeAdded() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("directory")
        defer { cleanUp() }
        let csv = database.deletingLastPathComponent().appendingPathComponent("libraries.csv")
        try Data(
            """
            symbol,name,town,contact_email,region,region_name,courier_route,delivery_days
            ELMC,Elm Corner Library,Elm Corner,ill@elmc.example.org,WEST,Western,WEST 1,"Mon,Thu"
            """.utf8
        ).write(to: csv)

        let unnamed = try BinaryRunner.runSeparately(["directory", "import", "--file", csv.path], database: database)
        #expect(unnamed.status == 1)
        #expect(
            unnamed.standardError
                == "error: the directory has no consortium yet: give --consortium-name and --consortium-symbol; "
                + "nothing changed\n")

        let named = try BinaryRunner.runSeparately(
            [
                "directory", "import", "--file", csv.path, "--consortium-name", "Valley Library Network",
                "--consortium-symbol", "VLN", "--agency-id", "ISIL:US-VLN",
            ], database: database)
        #expect(named.status == 0, "\(named.standardError)")
        #expect(
            named.standardOutput.contains(
                "Directory of Valley Library Network (VLN): 1 libraries added, 0 updated, 0 not in the file left as "
                    + "they were; 1 regions added."))
        let team = try BinaryRunner.runSeparately(
            ["users", "add", "--library", "VLN", "--email", "team@vln.example.org", "--password", "a long passphrase"],
            database: database)
        #expect(team.status == 0, "\(team.standardError)")
        let token = try BinaryRunner.runSeparately(["token", "issue", "--library", "ELMC"], database: database)
        #expect(token.status == 0, "\(token.standardError)")

        try Data("symbol,name,town,contact_email\nX,bad,,\n".utf8).write(to: csv)
        let bad = try BinaryRunner.runSeparately(["directory", "import", "--file", csv.path], database: database)
        #expect(bad.status == 1)
        #expect(
            bad.standardError.hasPrefix("error: \(csv.path) was not imported, nothing changed: line 2: symbol must"))
    }
}
