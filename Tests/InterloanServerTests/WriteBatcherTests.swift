import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Group commit: concurrent writes share transactions, yet each succeeds or fails on its own. On SQLite this
    /// is the server's own batcher on its write handle; on PostgreSQL a batcher over Fluent's transactions.
    @Suite struct WriteBatcherTests {
        static func batcher(of app: Application) -> WriteBatcher {
            app.writeBatcher!
        }

        static func insertRegion(code: String, on sql: any SQLDatabase) async throws {
            try await sql.insert(into: RegionModel.schema).columns("code", "name").values(
                SQLBind(code), SQLBind("Region")
            )
            .run()
        }

        @Test func concurrentWritesAllLandAndAFailingOneFailsAlone() async throws {
            try await withTestApp { context in
                let batcher = Self.batcher(of: context.app)
                let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<30 {
                        // Region R1 exists already: writing it again breaks the unique code, for that write alone.
                        let code = index == 17 ? "R1" : "G\(index)"
                        group.addTask {
                            do {
                                try await batcher.submit { try await Self.insertRegion(code: code, on: $0) }
                                return false
                            } catch {
                                return true
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(failures == 1)
                #expect(try await RegionModel.query(on: context.app.db).count() == 30)
            }
        }

        /// A write that may wait for a later flush commits without waiting for the disk, and only its own
        /// transaction does: the next flushed write waits again. Read from inside each transaction, as the
        /// database will apply it at COMMIT.
        @Test func aWriteThatWaitsForTheNextFlushLowersOnlyItsOwnCommit() async throws {
            try await withTestApp { context in
                let batcher = Self.batcher(of: context.app)
                let isSQLite = context.app.reads.dialect.name == "sqlite"
                let seen = NIOLockedValueBox<[String]>([])
                @Sendable func record(_ sql: any SQLDatabase) async throws {
                    let query = isSQLite ? "PRAGMA synchronous" : "SHOW synchronous_commit"
                    let column = isSQLite ? "synchronous" : "synchronous_commit"
                    let row = try await sql.raw(SQLQueryString(query)).first()
                    let value =
                        isSQLite
                        ? String(try row?.decode(column: column, as: Int.self) ?? -1)
                        : try row?.decode(column: column, as: String.self) ?? "?"
                    seen.withLockedValue { $0.append(value) }
                }
                try await batcher.submit(.withNextFlush) { try await record($0) }
                try await batcher.submit(.flushed) { try await record($0) }
                try await batcher.submit { try await record($0) }
                // SQLite: NORMAL (1) for the first, FULL (2) again after; PostgreSQL: off, then on.
                #expect(seen.withLockedValue { $0 } == (isSQLite ? ["1", "2", "2"] : ["off", "on", "on"]))
            }
        }

        /// Writes that arrive while a transaction runs wait for it and then share the next one: the first write is
        /// held at a gate until the others are queued, so the batch they form is certain, not a matter of timing.
        @Test func writesQueuedBehindARunningTransactionCommitTogetherInTheNext() async throws {
            try await withTestApp { context in
                let codes = (0..<12).map { "B\($0)" }
                let (transactions, outcomes) = try await Self.behindAGate(codes, on: context.app, usesSavepoints: true)
                #expect(outcomes.allSatisfy { $0 == nil })
                #expect(transactions.writesPerTransaction == [1, codes.count])
            }
        }

        /// Submits a write held at a gate, then one write for each code in turn (inserting a region of that code;
        /// the code `GONE` throws after inserting), and opens the gate once they are all queued behind it; returns
        /// the transactions as counted and whether each of the queued writes failed.
        static func behindAGate(
            _ codes: [String], on app: Application, usesSavepoints: Bool
        ) async throws -> (CountingTransactions, [Bool?]) {
            let transactions = CountingTransactions(FluentTransactions { app.db })
            let (queued, queuedSignal) = AsyncStream<Int>.makeStream()
            var queuedSoFar = queued.makeAsyncIterator()
            let batcher = WriteBatcher(
                transactions, usesSavepoints: usesSavepoints, onQueued: { queuedSignal.yield($0) })
            let (started, startedSignal) = AsyncStream<Void>.makeStream()
            let (gate, opensGate) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await batcher.submit { sql in
                    startedSignal.yield()
                    for await _ in gate { break }
                    try await Self.insertRegion(code: "FIRST", on: sql)
                    transactions.recordWrite()
                }
            }
            for await _ in started { break }
            _ = await queuedSoFar.next()  // the first write's own
            // One at a time, each queued before the next starts, so the batch holds them in this order.
            var behind: [Task<Bool?, Never>] = []
            for code in codes {
                behind.append(
                    Task { () -> Bool? in
                        do {
                            try await batcher.submit { sql in
                                try await Self.insertRegion(code: code, on: sql)
                                transactions.recordWrite()
                                if code == "GONE" { throw APIError.staleVersion }
                            }
                            return nil
                        } catch {
                            return error is APIError
                        }
                    })
                while let waiting = await queuedSoFar.next(), waiting < behind.count {}
            }
            opensGate.yield()
            try await first.value
            var outcomes: [Bool?] = []
            for task in behind { outcomes.append(await task.value) }
            return (transactions, outcomes)
        }

        @Test func aWriteThatThrowsAfterWritingIsUndoneAloneAndTheOthersCommit() async throws {
            try await withTestApp { context in
                let batcher = Self.batcher(of: context.app)
                let staleTask = Task {
                    try await batcher.submit { sql in
                        try await Self.insertRegion(code: "GONE", on: sql)
                        throw APIError.staleVersion
                    }
                }
                let goodTask = Task { try await batcher.submit { try await Self.insertRegion(code: "OK", on: $0) } }
                await #expect(throws: APIError.self) { try await staleTask.value }
                try await goodTask.value
                #expect(try await RegionModel.query(on: context.app.db).filter(\.$code == "OK").count() == 1)
                #expect(try await RegionModel.query(on: context.app.db).filter(\.$code == "GONE").count() == 0)
            }
        }

        /// Without savepoints (PostgreSQL's batches), a write that throws undoes its batch, and each write of that
        /// batch runs again alone: the others commit once, the failing one leaves nothing.
        @Test func withoutSavepointsAFailingWriteSendsItsBatchToRunAlone() async throws {
            try await withTestApp { context in
                let codes = ["KEEP1", "GONE", "KEEP2"]
                let (transactions, outcomes) = try await Self.behindAGate(codes, on: context.app, usesSavepoints: false)
                #expect(outcomes == [nil, true, nil])
                // The batch of three, undone at its second write; then each of them alone.
                #expect(transactions.writesPerTransaction == [1, 2, 1, 1, 1])
                let stored = try await RegionModel.query(on: context.app.db)
                    .filter(\.$code ~~ ["FIRST", "KEEP1", "GONE", "KEEP2"]).all().map(\.code)
                #expect(stored.sorted() == ["FIRST", "KEEP1", "KEEP2"])
            }
        }

        /// On SQLite, the server's own batcher, on its own thread.
        @Test func writesRunOnTheWritersOwnThreadNotTheSharedPool() async throws {
            try await withTestApp(sqliteOnly: true) { context in
                let threads = NIOLockedValueBox<Set<String>>([])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<8 {
                        group.addTask {
                            try await #require(context.app.writeBatcher).submit { sql in
                                threads.withLockedValue { _ = $0.insert(Thread.current.name ?? "") }
                                try await Self.insertRegion(code: "T\(index)", on: sql)
                                threads.withLockedValue { _ = $0.insert(Thread.current.name ?? "") }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(threads.withLockedValue { $0 } == ["sqlite-writer"])
            }
        }

        @Test func aFailedWriteLeavesNothingBehind() async throws {
            try await withTestApp { context in
                await #expect(throws: (any Error).self) {
                    try await context.app.writes.write { sql in
                        try await Self.insertRegion(code: "HALF", on: sql)
                        try await Self.insertRegion(code: "R1", on: sql)  // exists: the whole write fails
                    }
                }
                let halves = try await RegionModel.query(on: context.app.db).filter(\.$code == "HALF").count()
                #expect(halves == 0)
            }
        }
    }
}

/// Transactions that count the writes each one carries.
final class CountingTransactions: WriteTransactions {
    private let inner: any WriteTransactions
    private let counts = NIOLockedValueBox<[Int]>([])

    init(_ inner: any WriteTransactions) {
        self.inner = inner
    }

    var writesPerTransaction: [Int] { self.counts.withLockedValue { $0 } }

    func recordWrite() {
        self.counts.withLockedValue { $0[$0.count - 1] += 1 }
    }

    func transaction(
        _ durability: Durability, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        self.counts.withLockedValue { $0.append(0) }
        try await self.inner.transaction(durability, body)
    }
}
