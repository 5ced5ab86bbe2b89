import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing

@testable import InterloanServer

extension DatabaseTests {
    /// The directory's copy in memory: an aged copy is reloaded by one caller while the others go on with it,
    /// and an invalidated one is never answered from again.
    @Suite struct LibraryDirectoryTests {
        static let start = Date(timeIntervalSince1970: 1_800_000_000)

        static func rename(_ symbol: String, to name: String, in context: TestContext) async throws {
            try await context.app.db.asSQL.update(LibraryModel.schema).set("name", to: name)
                .where("symbol", .equal, symbol).run()
        }

        @Test func anAgedCopyIsReloadedByOneCallerWhileTheOthersGoOnWithIt() async throws {
            try await withTestApp { context in
                let clock = NIOLockedValueBox(Self.start)
                let directory = LibraryDirectory(now: { clock.withLockedValue { $0 } })
                let database = context.app.db
                let original = try #require(try await directory.library(symbol: "LEN", on: database))
                try await Self.rename("LEN", to: "Renamed Library", in: context)
                clock.withLockedValue { $0 += 29 }
                #expect(try await directory.library(symbol: "LEN", on: database)?.name == original.name)
                #expect(directory.libraryInMemory(id: original.id)?.name == original.name)
                #expect(directory.reloads == 1)

                clock.withLockedValue { $0 += 2 }
                #expect(directory.libraryInMemory(id: original.id) == nil)
                let names = try await withThrowingTaskGroup(of: String?.self) { group in
                    for _ in 0..<20 { group.addTask { try await directory.library(symbol: "LEN", on: database)?.name } }
                    return try await group.reduce(into: [String?]()) { $0.append($1) }
                }
                #expect(directory.reloads == 2)
                #expect(names.contains("Renamed Library"))
                #expect(Set(names).isSubset(of: [original.name, "Renamed Library"]))
                #expect(directory.libraryInMemory(id: original.id)?.name == "Renamed Library")
            }
        }

        @Test func anInvalidatedCopyIsNeverAnsweredFromAgain() async throws {
            try await withTestApp { context in
                let directory = LibraryDirectory(now: { Self.start })
                let database = context.app.db
                let original = try #require(try await directory.library(symbol: "LEN", on: database))
                try await Self.rename("LEN", to: "Renamed Library", in: context)
                await directory.invalidate()
                #expect(directory.libraryInMemory(id: original.id) == nil)
                #expect(directory.consortiumInMemory() == nil)
                #expect(try await directory.library(symbol: "LEN", on: database)?.name == "Renamed Library")
                #expect(directory.reloads == 2)
            }
        }
    }
}
