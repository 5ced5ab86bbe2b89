import Fluent
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import InterloanServer

/// Every database-backed suite runs inside this one, one test at a time, so the PostgreSQL run can share one
/// database; each test starts from an empty schema.
@Suite(.serialized) struct DatabaseTests {}

/// The fixed instant every test runs at: Monday 2026-11-30, noon UTC.
let testNow = Date(timeIntervalSince1970: 1_796_040_000)

/// A migrated application with a small directory and a token per party.
struct TestContext {
    let app: Application
    let tokens: [String: String]
    /// What the application was configured with, so a test can start a second instance on the same database.
    var settings: Settings?

    /// Tokens: BOR, LEN, LEN2 and OTH are member libraries; TEAM is the consortium team.
    func token(_ party: String) -> String { self.tokens[party]! }

    /// Sends a request (to `app`, another instance on the same database, when given) and returns the status and
    /// the decoded JSON body.
    @discardableResult
    func call(
        _ method: HTTPMethod, _ path: String, as party: String? = nil, json: String? = nil,
        headers extra: [(String, String)] = [], app: Application? = nil
    ) async throws -> (status: HTTPResponseStatus, body: Any?) {
        var headers = HTTPHeaders(extra)
        if let party { headers.bearerAuthorization = BearerAuthorization(token: self.token(party)) }
        var body: ByteBuffer?
        if let json {
            if headers.first(name: .contentType) == nil { headers.contentType = .json }
            body = ByteBuffer(string: json)
        }
        var result: (HTTPResponseStatus, Any?) = (.internalServerError, nil)
        try await (app ?? self.app).testing().test(method, path, headers: headers, body: body) { response in
            let data = Data(buffer: response.body)
            APIContract.check(method, path, status: response.status, body: data)
            result = (response.status, data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
        }
        return result
    }

    /// Places a request as BOR and returns its id.
    func place(_ json: String = #"{"title": "The Salt Atlas", "lenders": ["LEN", "LEN2"]}"#) async throws -> String {
        let (status, body) = try await self.call(.POST, "/api/v1/requests", as: "BOR", json: json)
        #expect(status == .created)
        return try #require((body as? [String: Any])?["id"] as? String)
    }

    /// Performs an action and returns the request as the caller sees it afterwards.
    @discardableResult
    func act(_ id: String, _ action: String, as party: String, _ json: String = "{}", expect: HTTPResponseStatus = .ok)
        async throws -> [String: Any]
    {
        let (status, body) = try await self.call(
            .POST, "/api/v1/requests/\(id)/actions/\(action)", as: party, json: json)
        #expect(status == expect, "\(action) by \(party): \(String(describing: body))")
        return body as? [String: Any] ?? [:]
    }
}

/// Runs `body` against a fresh application: SQLite in a temporary file, or the PostgreSQL database named by
/// `DATABASE_URL` when it is set (CI runs the suites both ways).
func withTestApp(
    consortium: TestConsortium = .standard, sqliteOnly: Bool = false, _ body: (TestContext) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("interloan-\(UUID().uuidString).sqlite")
    do {
        var environment = ProcessInfo.processInfo.environment.merging(["INTERLOAN_DATABASE": file.path]) { _, new in new
        }
        if sqliteOnly { environment["DATABASE_URL"] = nil }
        // Each test's notices go to files of its own.
        environment["INTERLOAN_SMTP_URL"] = nil
        environment["INTERLOAN_MAIL_DIR"] = file.path + "-mail"
        let settings = try Settings.fromEnvironment(environment)
        try await configure(app, settings: settings)
        app.clock = .fixed(testNow)
        app.logger.logLevel = .warning
        if case .postgres = settings.store {
            // The shared database keeps the previous test's rows; start from an empty schema.
            try await app.autoRevert()
        }
        try await app.asyncBoot()
        let tokens = try await seedDirectory(app, consortium: consortium)
        try await body(TestContext(app: app, tokens: tokens, settings: settings))
    } catch {
        try await app.asyncShutdown()
        removeTestFiles(of: file)
        throw error
    }
    try await app.asyncShutdown()
    removeTestFiles(of: file)
}

/// The test's database file, its write-ahead log and shared memory, and its mail folder.
private func removeTestFiles(of file: URL) {
    for suffix in ["", "-wal", "-shm", "-mail"] {
        try? FileManager.default.removeItem(atPath: file.path + suffix)
    }
}

/// Runs `body` with a second server instance on the same database as `context`'s, as when several instances
/// share one PostgreSQL.
func withSecondInstance(of context: TestContext, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: try #require(context.settings))
        app.clock = context.app.clock
        app.logger.logLevel = .warning
        try await app.asyncBoot()
        try await body(app)
    } catch {
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// The consortium a test application serves; federation tests run two with different agencies.
struct TestConsortium: Sendable {
    var name: String
    var symbol: String
    var agencyValue: String

    static let standard = TestConsortium(name: "Test Consortium", symbol: "TEST", agencyValue: "US-TEST")
}

/// A consortium of four member libraries and one partner, with a token for each party.
private func seedDirectory(_ app: Application, consortium: TestConsortium) async throws -> [String: String] {
    try await ConsortiumModel(
        name: consortium.name, symbol: consortium.symbol, agencyIdType: "ISIL", agencyIdValue: consortium.agencyValue
    ).create(on: app.db)
    let region = RegionModel(code: "R1", name: "Region One")
    try await region.create(on: app.db)
    var tokens: [String: String] = [:]
    for (index, symbol) in ["BOR", "LEN", "LEN2", "OTH", "PART"].enumerated() {
        let library = LibraryModel(
            symbol: symbol, name: "\(symbol) Library", town: "Town \(index)",
            regionID: symbol == "PART" ? nil : region.id,
            contactEmail: "ill@\(symbol.lowercased()).example.org", isMember: symbol != "PART", loanDays: 28,
            renewalsAllowed: symbol != "LEN2", maxRenewals: 1, courierRoute: "WEST 1", deliveryDays: "Mon,Thu")
        try await library.create(on: app.db)
        tokens[symbol] = try await issueToken(
            app, role: .staff, libraryID: library.requireID(), label: "\(symbol) desk")
        try await UserModel(
            email: "staff@\(symbol.lowercased()).example.org", name: "\(symbol) staff", passwordHash: testPasswordHash,
            role: .staff, libraryID: library.requireID()
        ).create(on: app.db)
    }
    tokens["TEAM"] = try await issueToken(app, role: .team, libraryID: nil, label: "Team desk")
    try await UserModel(
        email: "team@test.example.org", name: "Team member", passwordHash: testPasswordHash, role: .team, libraryID: nil
    ).create(on: app.db)
    return tokens
}

/// Every test user's password; hashed once at the lowest Bcrypt cost to keep the suites fast.
let testPassword = "correct horse battery"
let testPasswordHash = try! Bcrypt.hash(testPassword, cost: 4)

func issueToken(_ app: Application, role: StaffRole, libraryID: Int?, label: String) async throws -> String {
    let token = APITokens.generate()
    try await APITokenModel(
        tokenHash: APITokens.digest(token), label: label, role: role, libraryID: libraryID, createdAt: testNow
    ).create(on: app.db)
    return token
}

extension Application {
    /// Every stored request row, oldest first.
    func storedRequests() async throws -> [RequestRecord] {
        try await self.reads.select().column("*").from(RequestRecord.table).orderBy("id")
            .all(reading: RequestRecord.self)
    }
}
