import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import InterloanServer

/// A patron's name, email and barcode never reach a log line, whatever the level.
@Suite struct RedactingLogHandlerTests {
    @Test func valuesBoundToStatementsAreDroppedAndTheRestKept() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "sql") { label in
            RedactingLogHandler(
                JSONLogHandler(label: label, level: .trace) { line in lines.withLockedValue { $0.append(line) } })
        }
        logger[metadataKey: "binds"] = "set on the logger"
        logger.debug(
            "Executing query",
            metadata: ["sql": "INSERT INTO requests (patron_name) VALUES ($1)", "binds": ["Quinn Dunmore"]])
        let line = try #require(lines.withLockedValue { $0 }.first)
        #expect(line.contains("INSERT INTO requests (patron_name) VALUES ($1)"))
        #expect(!line.contains("Quinn Dunmore"))
        #expect(!line.contains("set on the logger"))
    }
}

extension DatabaseTests {
    @Suite struct PatronPrivacyLogTests {
        @Test func aWholeLoanAtTraceLevelLogsNoPatronData() async throws {
            try await withTestApp { context in
                let lines = NIOLockedValueBox<[String]>([])
                context.app.logger = Logger(label: "interloan") { label in
                    RedactingLogHandler(
                        JSONLogHandler(label: label, level: .trace) { line in lines.withLockedValue { $0.append(line) }
                        })
                }
                context.app.logger.logLevel = .trace
                let id = try await context.place(
                    #"{"title": "The Salt Atlas", "lenders": ["LEN"], "patron": {"id": "BC-70091-PRIV", "name": "Wrenna Halvorsk", "email": "wrenna.halvorsk@patrons.example.org"}}"#
                )
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(
                    id, "ship", as: "LEN",
                    #"{"carrier": "courier", "trackingNumber": "BIN 7", "dueDate": "2026-12-28"}"#)
                try await context.act(id, "receive", as: "BOR")
                _ = try await context.call(.GET, "/api/v1/requests?q=Halvorsk", as: "BOR")
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                #expect(try await borrower.get("/requests/\(id)").html.contains("Wrenna Halvorsk"))
                _ = try await borrower.get("/requests?q=Halvorsk")

                let logged = lines.withLockedValue { $0 }
                #expect(logged.count > 20, "the run logged at trace level")
                #expect(logged.contains { $0.contains(id) }, "request ids may be logged")
                for secret in ["BC-70091-PRIV", "Wrenna", "Halvorsk", "wrenna.halvorsk@patrons.example.org"] {
                    let leaks = logged.filter { $0.contains(secret) }
                    #expect(leaks.isEmpty, "\(secret) in \(leaks.prefix(2))")
                }
            }
        }

        @Test func thePortalAndTheOutOfStateFormLogNoPatronDataAtTraceLevel() async throws {
            try await withTestApp { context in
                let lines = NIOLockedValueBox<[String]>([])
                context.app.logger = Logger(label: "interloan") { label in
                    RedactingLogHandler(
                        JSONLogHandler(label: label, level: .trace) { line in lines.withLockedValue { $0.append(line) }
                        })
                }
                context.app.logger.logLevel = .trace
                var patron = try await PortalPatron.signIn(
                    context, barcode: "BC-55123-PRIV", email: "wren.private@patrons.example.org")
                _ = try await patron.ask(["serviceType": "loan", "title": "A Private Matter"])
                _ = try await patron.browser.get("/my/data")
                var outside = WebClient(context)
                _ = try await outside.post(
                    "/out-of-state",
                    [
                        "libraryName": "Cedar Bluff Library", "address": "12 Quarry Road",
                        "contactEmail": "contact.private@outside.example.org", "title": "Tides", "agree": "yes",
                    ], tokenFrom: "/out-of-state")

                let logged = lines.withLockedValue { $0 }
                #expect(logged.count > 20, "the run logged at trace level")
                for secret in [
                    "BC-55123-PRIV", "wren.private@patrons.example.org", "Hollis", PortalPatron.password,
                    "contact.private@outside.example.org",
                ] {
                    let leaks = logged.filter { $0.contains(secret) }
                    #expect(leaks.isEmpty, "\(secret) in \(leaks.prefix(2))")
                }
            }
        }
    }
}
