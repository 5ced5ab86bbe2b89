import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// A library's connection to its ILS: set and read by its own staff or the team, the secret written but never
    /// read back, bad input refused field by field with nothing changed.
    @Suite struct ILSConnectionTests {
        static let path = "/api/v1/libraries/BOR/ils"
        static let complete = """
            {"protocol": "ncip", "endpoint": "https://ils.bor.example.org/ncip", "fromAgencyId": "Interloan",
             "toAgencyId": "BOR-MAIN", "authentication": "s3cret-ils-key", "applicationProfileType": "ILL",
             "lendingPatronId": "ILL-LENDING", "events": {"deleteItem": false}}
            """

        @Test func withoutASettingTheConnectionIsOffWithEveryCallOn() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.GET, Self.path, as: "BOR")
                #expect(status == .ok)
                let connection = try #require(body as? [String: Any])
                #expect(connection["protocol"] as? String == "none")
                #expect(connection["hasAuthentication"] as? Bool == false)
                #expect((connection["events"] as? [String: Bool])?.values.allSatisfy { $0 } == true)
            }
        }

        @Test func staffSetTheirConnectionAndTheSecretIsNeverReturned() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.PUT, Self.path, as: "BOR", json: Self.complete)
                #expect(status == .ok)
                let connection = try #require(body as? [String: Any])
                #expect(connection["endpoint"] as? String == "https://ils.bor.example.org/ncip")
                #expect(connection["toAgencyId"] as? String == "BOR-MAIN")
                #expect(connection["lendingPatronId"] as? String == "ILL-LENDING")
                #expect(connection["hasAuthentication"] as? Bool == true)
                #expect(connection["authentication"] == nil)
                let events = try #require(connection["events"] as? [String: Bool])
                #expect(events["deleteItem"] == false && events["acceptItem"] == true && events.count == 5)

                var seen = ""
                try await context.app.testing().test(
                    .GET, Self.path, headers: ["Authorization": "Bearer \(context.token("BOR"))"]
                ) { seen = $0.body.string }
                #expect(!seen.contains("s3cret-ils-key"))
                let stored = try await ILSConnectionsProbe.secret(of: "BOR", in: context)
                #expect(stored == "s3cret-ils-key")
            }
        }

        @Test func leavingTheSecretOutKeepsItAndNullRemovesIt() async throws {
            try await withTestApp { context in
                try await context.call(.PUT, Self.path, as: "BOR", json: Self.complete)
                let kept = Self.complete.replacingOccurrences(of: #""authentication": "s3cret-ils-key","#, with: "")
                let (_, after) = try await context.call(.PUT, Self.path, as: "BOR", json: kept)
                #expect((after as? [String: Any])?["hasAuthentication"] as? Bool == true)
                #expect(try await ILSConnectionsProbe.secret(of: "BOR", in: context) == "s3cret-ils-key")
                let cleared = Self.complete.replacingOccurrences(of: #""s3cret-ils-key""#, with: "null")
                let (_, removed) = try await context.call(.PUT, Self.path, as: "BOR", json: cleared)
                #expect((removed as? [String: Any])?["hasAuthentication"] as? Bool == false)
                #expect(try await ILSConnectionsProbe.secret(of: "BOR", in: context) == nil)
            }
        }

        @Test func anotherLibrarysStaffCannotSeeOrSetItButTheTeamCan() async throws {
            try await withTestApp { context in
                let calls: [(HTTPMethod, String, String?, String?, HTTPResponseStatus)] = [
                    (.GET, Self.path, "LEN", nil, .forbidden),
                    (.PUT, Self.path, "LEN", Self.complete, .forbidden),
                    (.PUT, Self.path, "TEAM", Self.complete, .ok),
                    (.GET, Self.path, "TEAM", nil, .ok),
                    (.GET, Self.path, nil, nil, .unauthorized),
                    (.GET, "/api/v1/libraries/NOPE/ils", "TEAM", nil, .notFound),
                ]
                for (method, path, party, json, expected) in calls {
                    let (status, _) = try await context.call(method, path, as: party, json: json)
                    #expect(status == expected, "\(method) \(path) as \(party ?? "nobody")")
                }
            }
        }

        @Test(arguments: [
            (#"{"protocol": "z3950"}"#, "protocol"),
            (#"{"protocol": "ncip", "fromAgencyId": "I", "toAgencyId": "B", "lendingPatronId": "P"}"#, "endpoint"),
            (
                #"{"protocol": "ncip", "endpoint": "https://x.example.org", "toAgencyId": "B", "lendingPatronId": "P"}"#,
                "fromAgencyId"
            ),
            (
                #"{"protocol": "ncip", "endpoint": "https://x.example.org", "fromAgencyId": "I", "toAgencyId": "B"}"#,
                "lendingPatronId"
            ),
            (#"{"endpoint": "ftp://x.example.org"}"#, "endpoint"),
            (#"{"endpoint": "https://user:pw@x.example.org"}"#, "endpoint"),
            (#"{"endpoint": " https://x.example.org"}"#, "endpoint"),
            (#"{"fromAgencyId": "a\u0007b"}"#, "fromAgencyId"),
            (#"{"toAgencyId": 12}"#, "toAgencyId"),
            (#"{"authentication": true}"#, "authentication"),
            (#"{"events": {"renewItem": true}}"#, "events.renewItem"),
            (#"{"events": {"acceptItem": "yes"}}"#, "events.acceptItem"),
            (#"{"events": []}"#, "events"),
            (#"{"colour": "blue"}"#, "colour"),
        ])
        func badInputIsRefusedNamingTheFieldAndChangesNothing(_ json: String, _ field: String) async throws {
            try await withTestApp { context in
                try await context.call(.PUT, Self.path, as: "BOR", json: Self.complete)
                let (status, body) = try await context.call(.PUT, Self.path, as: "BOR", json: json)
                #expect(status == .unprocessableEntity)
                let fields = ((body as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(fields?.contains(field) == true, "\(String(describing: body))")
                let (_, after) = try await context.call(.GET, Self.path, as: "BOR")
                #expect((after as? [String: Any])?["endpoint"] as? String == "https://ils.bor.example.org/ncip")
            }
        }

        @Test func aPutWithoutABodyIsRefusedAndChangesNothing() async throws {
            try await withTestApp { context in
                try await context.call(.PUT, Self.path, as: "BOR", json: Self.complete)
                let (status, _) = try await context.call(.PUT, Self.path, as: "BOR")
                #expect(status == .badRequest)
                let (_, after) = try await context.call(.GET, Self.path, as: "BOR")
                #expect((after as? [String: Any])?["protocol"] as? String == "ncip")
            }
        }

        @Test func aLongValueIsRefused() async throws {
            try await withTestApp { context in
                let long = String(repeating: "x", count: 101)
                let (status, _) = try await context.call(
                    .PUT, Self.path, as: "BOR", json: #"{"toAgencyId": "\#(long)"}"#)
                #expect(status == .unprocessableEntity)
            }
        }
    }
}

/// Reads the stored secret straight from the table, as only the sender of calls will.
enum ILSConnectionsProbe {
    static func secret(of symbol: String, in context: TestContext) async throws -> String? {
        let library = try #require(try await context.app.libraryDirectory.library(symbol: symbol, on: context.app.db))
        return try await context.app.reads.select().column("authentication").from(ILSConnectionRecord.table)
            .where("library_id", .equal, library.id).first()?.decode(column: "authentication", as: String?.self)
    }
}
