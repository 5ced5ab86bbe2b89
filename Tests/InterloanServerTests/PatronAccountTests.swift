import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Patron accounts added through the API: a library's own, each barcode and email once within it, the password
    /// kept only as a Bcrypt hash; every refusal names its field and stores nothing.
    @Suite struct PatronAccountTests {
        static func patrons(_ context: TestContext) async throws -> [PatronRecord] {
            try await context.app.reads.select().column("*").from(PatronRecord.table).orderBy("id")
                .all(reading: PatronRecord.self)
        }

        @Test func staffAddPatronsToTheirLibraryWithAHashedPassword() async throws {
            try await withTestApp { context in
                let json =
                    #"{"barcode": " 21234000555 ", "name": "Wren Hollis", "email": "Wren@Example.org", "password": "correct horse 42"}"#
                let (status, body) = try await context.call(.POST, "/api/v1/patrons", as: "BOR", json: json)
                #expect(status == .created)
                let patron = try #require(body as? [String: Any])
                #expect(patron["library"] as? String == "BOR")
                #expect(patron["barcode"] as? String == "21234000555")
                #expect(patron["email"] as? String == "wren@example.org")
                #expect(patron["source"] as? String == "local")
                #expect(patron["password"] == nil && patron["passwordHash"] == nil)
                let stored = try #require(try await Self.patrons(context).first)
                let hash = try #require(stored.passwordHash)
                #expect(hash.hasPrefix("$2b$"))
                #expect(try Bcrypt.verify("correct horse 42", created: hash))

                let (teamStatus, teamBody) = try await context.call(
                    .POST, "/api/v1/patrons", as: "TEAM", json: #"{"barcode": "21234000555", "library": "len"}"#)
                #expect(teamStatus == .created, "the same barcode at another library is another patron")
                #expect((teamBody as? [String: Any])?["library"] as? String == "LEN")
                #expect(try await Self.patrons(context).count == 2)
            }
        }

        @Test func refusalsNameTheFieldAndStoreNothing() async throws {
            try await withTestApp { context in
                _ = try await context.call(
                    .POST, "/api/v1/patrons", as: "BOR", json: #"{"barcode": "B1", "email": "wren@example.org"}"#)
                let refused: [(party: String, json: String, status: HTTPResponseStatus, field: String)] = [
                    ("BOR", #"{"barcode": "B1"}"#, .unprocessableEntity, "barcode"),
                    ("BOR", #"{"barcode": "B2", "email": "WREN@example.org"}"#, .unprocessableEntity, "email"),
                    ("BOR", #"{"barcode": "   "}"#, .unprocessableEntity, "barcode"),
                    ("BOR", #"{"barcode": "B\u0007"}"#, .unprocessableEntity, "barcode"),
                    ("BOR", #"{"barcode": "B3", "email": "not an address"}"#, .unprocessableEntity, "email"),
                    ("BOR", #"{"barcode": "B3", "password": "short"}"#, .unprocessableEntity, "password"),
                    ("BOR", #"{"barcode": "B3", "pin": "1234"}"#, .unprocessableEntity, "pin"),
                    ("BOR", #"{"barcode": 42}"#, .unprocessableEntity, "barcode"),
                    ("TEAM", #"{"barcode": "B3"}"#, .unprocessableEntity, "library"),
                    ("TEAM", #"{"barcode": "B3", "library": "NOPE"}"#, .unprocessableEntity, "library"),
                ]
                for case (let party, let json, let status, let field) in refused {
                    let (answered, body) = try await context.call(.POST, "/api/v1/patrons", as: party, json: json)
                    #expect(answered == status, "\(json)")
                    let fields = ((body as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                        $0["field"] as? String
                    }
                    #expect(fields?.contains(field) == true, "\(json): \(String(describing: body))")
                }
                let (forbidden, _) = try await context.call(
                    .POST, "/api/v1/patrons", as: "BOR", json: #"{"barcode": "B4", "library": "LEN"}"#)
                #expect(forbidden == .forbidden, "staff add patrons to their own library only")
                #expect(
                    try await context.call(.POST, "/api/v1/patrons", json: #"{"barcode": "B5"}"#).status
                        == .unauthorized)
                #expect(try await Self.patrons(context).map(\.barcode) == ["B1"])
            }
        }
    }
}

/// `interloan patrons add` as an operator runs it.
@Suite struct PatronCommandTests {
    @Test func anOperatorAddsAPatronOnceAndIsToldWhatIsWrong() throws {
        let (database, cleanUp) = BinaryRunner.temporaryDatabase("patrons")
        defer { cleanUp() }
        #expect(try BinaryRunner.run(["demo"], database: database).status == 0)
        let add = ["patrons", "add", "--library", "aldf", "--barcode", "29000111", "--email", "reader@example.org"]
        let added = try BinaryRunner.run(add + ["--password", "a long passphrase"], database: database)
        #expect(added.status == 0, "\(added.output)")
        #expect(added.output.contains("Added patron 29000111 at ALDF."))
        #expect(!added.output.contains("a long passphrase"))
        let refused: [([String], String)] = [
            (add, "--barcode belongs to another patron of this library; --email belongs to another patron"),
            (
                ["patrons", "add", "--library", "ALDF", "--barcode", "1", "--password", "short"],
                "--password must have 10"
            ),
            (["patrons", "add", "--library", "ZZZZ", "--barcode", "1"], "no library ZZZZ in the directory"),
            (["patrons", "add", "--barcode", "1"], "--library SYMBOL is required"),
        ]
        for (arguments, message) in refused {
            let run = try BinaryRunner.run(arguments, database: database)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.output.contains(message), "\(arguments): \(run.output)")
        }
    }
}
