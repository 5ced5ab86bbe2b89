import Foundation
import InterloanCore
import SQLKit
import Testing

@testable import InterloanServer

extension DatabaseTests {
    /// An import writes its blocks to a stage in small writes and swaps them in with one: until the swap readers
    /// see the old holdings, a failed swap moves nothing, and nothing staged outlives its import.
    @Suite struct HoldingImportStageTests {
        static func file(_ isbn: String) throws -> HoldingsFile {
            try HoldingsImport.read(
                Array("title,author,isbn,issn,oclc,call_number,lendable\nThe Salt Atlas,,\(isbn),,,912 FAI,yes\n".utf8),
                fileName: "holdings.csv")
        }

        static func holders(of isbn: String, on context: TestContext) async throws -> [Int] {
            try await HoldingKeyMatch.exactly(["isbn:\(isbn)"], among: [2]).entries(on: context.app.reads).keys
                .sorted()
        }

        static func stagedRows(on context: TestContext) async throws -> Int {
            var count = 0
            for table in [HoldingImportStage.recordTable, HoldingImportStage.keyTable] {
                count +=
                    try await context.app.reads.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            return count
        }

        /// Replaces library `libraryID`'s holdings by one holding of `isbn`, as an import does.
        static func store(_ isbn: String, libraryID: Int, at now: Date, on context: TestContext) async throws {
            _ = try await HoldingsImport.store(
                Self.file(isbn), libraryID: libraryID, replace: true, reads: context.app.reads,
                writes: context.app.writes, now: now, logger: context.app.logger)
        }

        @Test func stagedBlocksAreInvisibleUntilTheyAreSwappedIn() async throws {
            try await withTestApp { context in
                try await Self.store("9780198526636", libraryID: 2, at: testNow, on: context)
                let holdings = try Self.file("9780262033848").holdings
                let stage = HoldingImportStage(writes: context.app.writes, now: testNow)
                try await stage.stage(RecordBlock.blocks(of: holdings), firstRecord: 1)
                try await stage.stage(KeyBlock.blocks(of: holdings, firstRecord: 1, from: nil, below: nil))
                #expect(try await Self.holders(of: "9780198526636", on: context) == [2])
                #expect(try await Self.holders(of: "9780262033848", on: context) == [])
                #expect(try await Self.stagedRows(on: context) == 2)

                let total = try await stage.swapIn(
                    libraryID: 2, replacingRecords: true, expectedLast: 1,
                    filter: KeyFilter(keys: holdings.flatMap(\.keys)))
                #expect(total == 1)
                #expect(try await Self.holders(of: "9780198526636", on: context) == [])
                #expect(try await Self.holders(of: "9780262033848", on: context) == [2])
                #expect(try await Self.stagedRows(on: context) == 0)
            }
        }

        @Test func anImportOvertakenByAnotherMovesNothingAndLeavesNothingStaged() async throws {
            try await withTestApp { context in
                try await Self.store("9780198526636", libraryID: 2, at: testNow, on: context)
                let holdings = try Self.file("9780262033848").holdings
                let stage = HoldingImportStage(writes: context.app.writes, now: testNow)
                try await stage.stage(RecordBlock.blocks(of: holdings), firstRecord: 2)
                // The import began when the library's last record was 0; another import has stored one since.
                await #expect(throws: APIError.self) {
                    try await stage.swapIn(
                        libraryID: 2, replacingRecords: false, expectedLast: 0, filter: KeyFilter(keys: []))
                }
                #expect(try await Self.holders(of: "9780198526636", on: context) == [2])
                try await stage.discard()
                #expect(try await Self.stagedRows(on: context) == 0)
            }
        }

        /// A library's first holdings go straight in; a failure takes back exactly the blocks that import wrote,
        /// not those of another import of the same library that got there first.
        @Test func aFailedFirstImportTakesBackOnlyWhatItWrote() async throws {
            try await withTestApp { context in
                let writes = context.app.writes
                let first = HoldingImportStage(writes: writes, now: testNow, firstHoldingsOf: 2)
                let holdings = try Self.file("9780198526636").holdings
                try await first.stage(RecordBlock.blocks(of: holdings), firstRecord: 1)
                #expect(try await Self.stagedRows(on: context) == 0)
                let rival = HoldingImportStage(writes: writes, now: testNow, firstHoldingsOf: 2)
                await #expect(throws: (any Error).self) {
                    try await rival.stage(RecordBlock.blocks(of: holdings), firstRecord: 1)
                }
                try await rival.discard()
                #expect(try await HoldingBlockStore.recordCount(of: 2, on: context.app.reads) == 1)
                try await first.discard()
                #expect(try await HoldingBlockStore.recordCount(of: 2, on: context.app.reads) == 0)
            }
        }

        @Test func whatAnUnfinishedImportStagedIsPurgedByTheNextOneADayLater() async throws {
            try await withTestApp { context in
                let abandoned = HoldingImportStage(writes: context.app.writes, now: testNow)
                try await abandoned.stage(
                    RecordBlock.blocks(of: try Self.file("9780262033848").holdings), firstRecord: 1)
                let sameDay = testNow.addingTimeInterval(HoldingImportStage.abandonedAfter - 1)
                try await Self.store("9780198526636", libraryID: 3, at: sameDay, on: context)
                #expect(try await Self.stagedRows(on: context) == 1)
                let nextDay = testNow.addingTimeInterval(HoldingImportStage.abandonedAfter + 1)
                try await Self.store("9780198526636", libraryID: 3, at: nextDay, on: context)
                #expect(try await Self.stagedRows(on: context) == 0)
            }
        }
    }
}
