import Fluent
import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Group commit: concurrent writes share transactions, yet each succeeds or fails on its own.
    @Suite struct WriteBatcherTests {
        @Test func concurrentWritesAllLandAndAFailingOneFailsAlone() async throws {
            try await withTestApp { context in
                let batcher = WriteBatcher()
                let database = context.app.db
                let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<30 {
                        // Region R1 exists already: writing it again breaks the unique code, for that write alone.
                        let code = index == 17 ? "R1" : "G\(index)"
                        group.addTask {
                            do {
                                try await batcher.submit({ try await RegionModel(code: code, name: "Region").create(on: $0) },
                                    on: database)
                                return false
                            } catch {
                                return true
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(failures == 1)
                #expect(try await RegionModel.query(on: database).count() == 30)
            }
        }

        @Test func aStaleWriteInABatchLeavesTheOthersCommitted() async throws {
            try await withTestApp { context in
                let batcher = WriteBatcher()
                let database = context.app.db
                let staleTask = Task { try await batcher.submit({ _ in throw APIError.staleVersion }, on: database) }
                let goodTask = Task {
                    try await batcher.submit({ try await RegionModel(code: "OK", name: "Kept").create(on: $0) }, on: database)
                }
                await #expect(throws: APIError.self) { try await staleTask.value }
                try await goodTask.value
                #expect(try await RegionModel.query(on: database).filter(\.$code == "OK").count() == 1)
            }
        }
    }
}
