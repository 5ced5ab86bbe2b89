import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

/// A patron of BOR with a password, signed in to the portal in a browser of their own.
struct PortalPatron {
    var browser: WebClient
    let barcode: String

    static let password = "patron password 42"

    /// Adds the patron through the API (BOR's staff) and signs them in at `/my/login`.
    static func signIn(
        _ context: TestContext, barcode: String = "21234000555", email: String = "wren@example.org",
        library: String = "BOR"
    ) async throws -> PortalPatron {
        let json =
            #"{"barcode": "\#(barcode)", "name": "Wren Hollis", "email": "\#(email)", "password": "\#(Self.password)"}"#
        let (status, _) = try await context.call(.POST, "/api/v1/patrons", as: library, json: json)
        #expect(status == .created)
        var browser = WebClient(context)
        let signedIn = try await browser.post(
            "/my/login", ["library": library, "identifier": barcode, "password": Self.password],
            tokenFrom: "/my/login")
        #expect(signedIn.location == "/my", "signed in: \(signedIn.status)")
        return PortalPatron(browser: browser, barcode: barcode)
    }

    /// Sends the portal's request form; the number of the request placed, read from the flash.
    mutating func ask(_ fields: [String: String]) async throws -> (status: HTTPResponseStatus, html: String) {
        let sent = try await self.browser.post("/my/requests", fields, tokenFrom: "/my/requests/new")
        guard sent.location == "/my" else { return (sent.status, sent.html) }
        let page = try await self.browser.get("/my")
        return (sent.status, page.html)
    }

    /// Asks for a loan of `title`, which BOR routes to LEN, LEN agrees to and ships due 2026-12-28; its number.
    mutating func askAndShip(_ title: String, _ context: TestContext) async throws -> String {
        _ = try await self.ask(["serviceType": "loan", "title": title])
        let number = try #require(Self.numbers(in: try await self.browser.get("/my").html).first)
        try await context.act(number, "route", as: "BOR", #"{"lenders": ["LEN"]}"#)
        try await context.act(number, "willSupply", as: "LEN")
        try await context.act(number, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-28"}"#)
        return number
    }

    /// The numbers of the patron's requests as the portal lists them, newest first.
    static func numbers(in html: String) -> [String] {
        html.components(separatedBy: #"<p class="meta">"#).dropFirst().compactMap { part in
            part.prefix { $0 != "<" }.components(separatedBy: " · ").last
        }
    }

    /// The plain words the portal shows for each request, newest first.
    static func words(in html: String) -> [String] {
        html.components(separatedBy: #"<strong class="patron-status">"#).dropFirst().map {
            String($0.prefix { $0 != "<" })
        }
    }

    /// Sets one of BOR's portal options directly, as Settings › Patrons saves it.
    static func set(_ column: String, to value: String, of library: String = "BOR", _ context: TestContext)
        async throws
    {
        try await context.app.db.asSQL.update(LibraryModel.schema).set(column, to: value)
            .where("symbol", .equal, library).run()
    }

    static func request(_ number: String, _ context: TestContext) async throws -> RequestRecord {
        let id = try #require(RequestNumber.decode(number))
        return try #require(
            try await context.app.reads.select().column("*").from(RequestRecord.table).where("id", .equal, id)
                .first(reading: RequestRecord.self))
    }
}
