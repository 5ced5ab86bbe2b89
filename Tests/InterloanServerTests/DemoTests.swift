import Fluent
import Foundation
import InterloanCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    @Suite struct DemoTests {
        @Test func theDemoReachesEveryStateOnceAndOnlyOnce() async throws {
            let app = try await Application.make(.testing)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).sqlite")
            do {
                var environment = ProcessInfo.processInfo.environment
                environment["INTERLOAN_DATABASE"] = file.path
                let settings = try Settings.fromEnvironment(environment)
                try await configure(app, settings: settings)
                app.clock = .fixed(testNow)
                app.logger.logLevel = .warning
                if case .postgres = settings.store { try await app.autoRevert() }
                try await app.asyncBoot()
                let seeder = DemoSeeder(app: app, now: testNow)
                #expect(try await seeder.seedDirectory())
                try await seeder.seedRequests(count: 34)
                #expect(try await !seeder.seedDirectory())
                let members = try await LibraryModel.query(on: app.db).filter(\.$isMember == true).count()
                #expect(members == 30)
                let statuses = Set(try await app.storedRequests().map(\.status))
                #expect(statuses == Set(RequestStatus.allCases.map(\.rawValue)))
                // The demo's open requests are within their lenders' response time: serving it moves nothing.
                #expect(try await ScheduledJobs.runOnce(asOf: testNow, on: app).changed(by: "lender-no-answer") == 0)
                // Whatever notices the first pass queued, a second pass for the same instant queues none.
                #expect(try await ScheduledJobs.runOnce(asOf: testNow, on: app).total == 0)

                try await DemoHoldings.seed(app, now: testNow)
                let symbols = DemoDirectory.regions.flatMap { DemoDirectory.members[$0.code] ?? [] }.map(\.symbol)
                let directory = app.libraryDirectory
                let borrower = try #require(await directory.library(symbol: symbols[0], on: app.db))
                let title = DemoHoldings.titles[5]
                let ranked = try await LenderFinder(app, database: app.db).candidates(
                    for: .init(
                        keys: ItemKeys(isbn: title.isbn, issn: nil, oclcNumber: nil, title: title.title, author: nil),
                        borrower: borrower, serviceType: .loan, alreadyAsked: []),
                    on: Day(testNow))
                #expect(ranked.count > 2)
                #expect(!ranked.contains { $0.symbol == symbols[1] }, "the paused library is never a candidate")
                #expect(ranked.last?.symbol == DemoDirectory.partners.first?.symbol)
                #expect(ranked.last?.isLastResort == true)
                #expect(ranked.dropLast().allSatisfy { $0.reasons.first?.hasPrefix("holds ") == true })

                try await BulkRequests(app: app).insert(count: 1_200)
                #expect(try await app.storedRequests().count == 1_234)
                let asked = try await app.db.asSQL.select()
                    .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from(AttemptRecord.table)
                    .where("outcome", .equal, "asked").first()?.decode(column: "count", as: Int.self)
                #expect((asked ?? 0) >= 1_200)
                // Just asked: a pass of the follow-up rules now reads none of them.
                let due = try await app.db.asSQL.select()
                    .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from(RequestRecord.table)
                    .where("follow_up_at", .lessThanOrEqual, SQLBind(testNow)).first()?.decode(
                        column: "count", as: Int.self)
                #expect(due == 0)
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            try? FileManager.default.removeItem(at: file)
        }
    }
}
