import Testing

@testable import InterloanCore

struct KeyFilterTests {
    let held = (0..<10_000).map { "isbn:979\(String(100_000_000 + $0 * 7))" }

    @Test func everyKeyPutInIsFound() {
        let filter = KeyFilter(keys: self.held)
        #expect(self.held.allSatisfy { filter.mightContain(KeyFilter.Probe($0)) })
    }

    @Test func aboutOneAbsentKeyInAHundredIsAFalseMaybe() {
        let filter = KeyFilter(keys: self.held)
        let absent = (0..<10_000).map { "isbn:979\(String(100_000_001 + $0 * 7))" }
        let maybes = absent.filter { filter.mightContain(KeyFilter.Probe($0)) }.count
        #expect(maybes < 200, "\(maybes) false maybes in 10,000")
        #expect(!KeyFilter(expectedKeys: 0).mightContain(KeyFilter.Probe("oclc:1")))
    }

    @Test func aStoredFilterReadsBackTheSameAndOtherBytesAreRefused() {
        let filter = KeyFilter(keys: self.held.prefix(500))
        #expect(KeyFilter(serialized: filter.serialized) == filter)
        #expect(filter.serialized.count == 2 + 8 * 79)
        for bad: [UInt8] in [[], [1, 7], [2, 7, 0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 7, 0, 0, 0]] {
            #expect(KeyFilter(serialized: bad) == nil, "\(bad)")
        }
    }

    /// Filters outlive the process that wrote them: the bits a key sets must never change between releases.
    @Test func theHashIsFixed() {
        var filter = KeyFilter(expectedKeys: 6)
        filter.insert("isbn:9780198526636")
        #expect(filter.serialized == Self.oneKey)
    }

    static let oneKey: [UInt8] = [1, 7, 8, 0, 1, 32, 0, 4, 64, 0]
}
