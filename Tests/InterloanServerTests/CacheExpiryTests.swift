import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import InterloanServer

/// Caches that keep database answers for a while, driven by a clock the test moves: each answers from memory
/// within its lifetime and asks the database again after it.
@Suite struct TokenCacheExpiryTests {
    @Test func aValidTokenIsRememberedForItsLifetimeAndNotASecondMore() {
        let clock = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        let cache = TokenCache(now: { clock.withLockedValue { $0 } })
        let record = TokenRecord(label: "desk", role: .staff, libraryID: 7)
        cache.remember(record, for: "digest")
        clock.withLockedValue { $0 += TokenCache.lifetime }
        #expect(cache.valid("digest")?.label == "desk")
        clock.withLockedValue { $0 += 1 }
        #expect(cache.valid("digest") == nil)
        #expect(cache.valid("another digest") == nil)
    }
}

extension DatabaseTests {
    @Suite struct LendingStatisticsExpiryTests {
        @Test func theSumsAreComputedOnceWithinTheirAgeAndAgainAfterIt() async throws {
            try await withTestApp { context in
                let clock = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
                let statistics = LendingStatistics(maximumAge: 300, now: { clock.withLockedValue { $0 } })
                _ = try await statistics.records(on: context.app.db)
                clock.withLockedValue { $0 += 300 }
                _ = try await statistics.records(on: context.app.db)
                #expect(await statistics.computations == 1)
                clock.withLockedValue { $0 += 1 }
                _ = try await statistics.records(on: context.app.db)
                #expect(await statistics.computations == 2)
                await statistics.invalidate()
                _ = try await statistics.records(on: context.app.db)
                #expect(await statistics.computations == 3)
            }
        }
    }
}
