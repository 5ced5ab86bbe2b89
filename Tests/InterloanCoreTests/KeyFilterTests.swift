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
        #expect(filter.serialized.count == 2 + 64 * 10)
        let block = [UInt8](repeating: 0, count: 64)
        for bad: [UInt8] in [[], [1, 7], [2, 7] + block, [1, 0] + block, [1, 8] + block, [1, 7] + block + [0]] {
            #expect(KeyFilter(serialized: bad) == nil, "\(bad)")
        }
    }

    /// Filters outlive the process that wrote them: the bits a key sets must never change between releases.
    @Test func theHashIsFixed() {
        var filter = KeyFilter(expectedKeys: 51)
        filter.insert("isbn:9780198526636")
        let bytes = filter.serialized
        #expect(Array(bytes.prefix(2)) == [1, 7])
        var setBits: [Int] = []
        for (offset, byte) in bytes.dropFirst(2).enumerated() {
            for bit in 0..<8 where (byte >> UInt8(bit)) & 1 == 1 { setBits.append(offset * 8 + bit) }
        }
        #expect(setBits == [106, 203, 219, 245, 246, 260, 468])
    }
}
