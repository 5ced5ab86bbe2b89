import Testing

@testable import InterloanCore

struct HoldingBlocksTests {
    /// Keys whose byte order differs from a naive order: prefixes of each other, non-ASCII (é is 0xC3 0xA9,
    /// after every ASCII letter), and uppercase before lowercase.
    let awkwardKeys = ["ta:zebra|", "ta:é|", "isbn:1", "isbn:10", "isbn:1 ", "ta:Zebra|", "oclc:9", "ta:字|", "ta:"]

    @Test func keysComeBackInByteOrderWithTheirRecords() throws {
        let entries = self.awkwardKeys.enumerated().map {
            HoldingKeyEntry(key: $1, record: $0 + 1, lendable: $0 % 2 == 0)
        }
        let blocks = KeyBlock.blocks(of: entries)
        #expect(blocks.count == 1)
        let back = try #require(KeyBlock.entries(in: blocks[0].data))
        let byteOrder = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        #expect(back == byteOrder)
        #expect(blocks[0].firstKey == "isbn:1")
    }

    @Test func aKeysEntriesAreNeverSplitBetweenBlocks() throws {
        // Forty records share each key; tiny blocks put a cut in nearly every run.
        let entries = (0..<2_000).map { HoldingKeyEntry(key: "oclc:\($0 % 50)", record: $0 + 1, lendable: true) }
        let blocks = KeyBlock.blocks(of: entries, targetBytes: 100)
        #expect(blocks.count == 50)
        var seen: Set<String> = []
        for block in blocks {
            let keys = Set(try #require(KeyBlock.entries(in: block.data)).map(\.key))
            #expect(seen.isDisjoint(with: keys))
            #expect(keys.min() == block.firstKey)
            seen.formUnion(keys)
        }
        #expect(seen.count == 50)
    }

    @Test func blocksOfHoldingsNumberTheRecordsAndKeepWhetherTheyLend() throws {
        let holdings = [
            Holding(
                title: "Salt atlas", author: "Fairweather", callNumber: nil, lendable: true,
                identifiers: ["isbn": ["0198526636"]]),
            Holding(title: nil, author: nil, callNumber: nil, lendable: false, identifiers: ["oclc": ["ocm42"]]),
        ]
        let entries = try #require(KeyBlock.entries(in: KeyBlock.blocks(of: holdings, firstRecord: 7)[0].data))
        #expect(
            entries == [
                HoldingKeyEntry(key: "isbn:9780198526636", record: 7, lendable: true),
                HoldingKeyEntry(key: "oclc:42", record: 8, lendable: false),
                HoldingKeyEntry(key: "ta:salt atlas|fairweather", record: 7, lendable: true),
            ])
    }

    @Test func onlyTheWantedKeysBecomeEntries() throws {
        let entries = ["ta:salt atlas|a", "ta:salt atlas|b", "ta:salt marsh|a", "ta:salty|c"].enumerated()
            .map { HoldingKeyEntry(key: $1, record: $0 + 1, lendable: true) }
        let data = KeyBlock.blocks(of: entries)[0].data
        let byPrefix = try #require(KeyBlock.entries(in: data, selecting: .prefix("ta:salt atlas|")))
        #expect(byPrefix.map(\.record) == [1, 2])
        let exactly = try #require(
            KeyBlock.entries(in: data, selecting: .exactly(["ta:salty|c", "ta:salt atlas|b", "ta:salt"])))
        #expect(exactly.map(\.record) == [2, 4])
        #expect(KeyBlock.entries(in: data, selecting: .prefix("ta:salt m"))?.map(\.record) == [3])
        #expect(KeyBlock.entries(in: data, selecting: .exactly(["ta:a"]))?.isEmpty == true)
    }

    @Test func recordsComeBackWithAbsentValuesAbsent() throws {
        let records = [
            HoldingRecordValues(title: "Quotes \" and 字", author: nil, callNumber: "912 FAI", lendable: true),
            HoldingRecordValues(title: nil, author: "O'Hara", callNumber: nil, lendable: false),
            HoldingRecordValues(title: "", author: nil, callNumber: nil, lendable: true),
        ]
        let blocks = RecordBlock.blocks(of: records)
        #expect(blocks.map(\.offset) == [0])
        #expect(blocks.map(\.count) == [3])
        #expect(RecordBlock.records(in: blocks[0].data) == records)
    }

    @Test func recordBlocksCoverEveryRecordOnceInOrder() throws {
        let records = (0..<500).map {
            HoldingRecordValues(title: "Title \($0)", author: nil, callNumber: nil, lendable: true)
        }
        let blocks = RecordBlock.blocks(of: records, targetBytes: 200)
        #expect(blocks.count > 10)
        #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.offset + $0.count == $1.offset })
        let back = try blocks.flatMap { try #require(RecordBlock.records(in: $0.data)) }
        #expect(back == records)
    }

    @Test func bytesThatAreNoBlockAreRefusedNotMisread() {
        let good = KeyBlock.blocks(of: [HoldingKeyEntry(key: "oclc:42", record: 1, lendable: true)])[0].data
        for bad: [UInt8] in [[], [2], Array(good.dropLast()), good + [0xFF], [1, 5, 1, 65, 2]] {
            #expect(KeyBlock.entries(in: bad) == nil, "\(bad)")
        }
        let record = RecordBlock.blocks(of: [
            HoldingRecordValues(title: "T", author: nil, callNumber: nil, lendable: true)
        ])[0].data
        for bad: [UInt8] in [[], [9], Array(record.dropLast()), [1, 0x20], [1, 3, 200, 65]] {
            #expect(RecordBlock.records(in: bad) == nil, "\(bad)")
        }
    }

    @Test func rangesCutAtAMiddleKeyHoldTheEntriesOfOneSort() throws {
        // Each key held by several records, so a careless cut would split a key's entries.
        let holdings = (0..<3_000).map {
            Holding(
                title: "Title \($0 % 700)", author: nil, callNumber: nil, lendable: $0 % 3 == 0,
                identifiers: ["oclc": ["\($0 % 900 + 1)"]])
        }
        let whole = KeyBlock.blocks(of: holdings, firstRecord: 5, targetBytes: 300)
        let middle = try #require(KeyBlock.middleKey(of: holdings))
        let below = KeyBlock.blocks(of: holdings, firstRecord: 5, below: middle, targetBytes: 300)
        let rest = KeyBlock.blocks(of: holdings, firstRecord: 5, from: middle, targetBytes: 300)
        func entries(_ blocks: [KeyBlock]) throws -> [HoldingKeyEntry] {
            try blocks.flatMap { try #require(KeyBlock.entries(in: $0.data)) }
        }
        let cut = try entries(below + rest)
        #expect(cut.count == 6_000)
        #expect(cut == (try entries(whole)), "the two ranges hold every entry of one sort, in its order")
        #expect(below.count > 5 && rest.count > 5, "the middle key should cut near the middle")
        #expect(rest.first?.firstKey == middle)
        let firstKeys = (below + rest).map { Array($0.firstKey.utf8) }
        #expect(zip(firstKeys, firstKeys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(KeyBlock.middleKey(of: Array(holdings.prefix(999))) == nil)
    }
}
