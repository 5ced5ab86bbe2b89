/// One match key of one holding record, as key blocks keep it.
public struct HoldingKeyEntry: Sendable, Equatable {
    public var key: String
    public var record: Int
    public var lendable: Bool

    public init(key: String, record: Int, lendable: Bool) {
        self.key = key
        self.record = record
        self.lendable = lendable
    }
}

/// A run of one library's match keys in byte order, stored as one database row under its first key.
///
/// Keys are front-coded (each stores only what differs from the one before), each followed by its record
/// number and whether that record lends. A key's entries never straddle two blocks, so a key lives in the last
/// block whose first key is not after it: one index seek finds it. A row of about 3,500 bytes fits one database
/// page and holds about 150 keys; rows per key were the import's cost (issue 5).
public struct KeyBlock: Sendable, Equatable {
    public var firstKey: String
    public var data: [UInt8]

    public static let targetBytes = 3_500

    public init(firstKey: String, data: [UInt8]) {
        self.firstKey = firstKey
        self.data = data
    }

    /// The blocks of every key of `holdings`, numbered from `firstRecord`.
    public static func blocks(of holdings: some Collection<Holding>, firstRecord: Int, targetBytes: Int = Self.targetBytes) -> [KeyBlock] {
        var arena = KeyArena(capacity: holdings.count * 3)
        for (offset, holding) in holdings.enumerated() {
            for key in holding.keys { arena.append(key, record: firstRecord + offset, lendable: holding.lendable) }
        }
        return arena.sortedBlocks(targetBytes: targetBytes)
    }

    /// The blocks of `entries`, in any order.
    public static func blocks(of entries: some Collection<HoldingKeyEntry>, targetBytes: Int = Self.targetBytes) -> [KeyBlock] {
        var arena = KeyArena(capacity: entries.count)
        for entry in entries { arena.append(entry.key, record: entry.record, lendable: entry.lendable) }
        return arena.sortedBlocks(targetBytes: targetBytes)
    }

    /// Every entry of a block's `data`; nil when the bytes are no key block.
    public static func entries(in data: [UInt8]) -> [HoldingKeyEntry]? {
        self.entries(in: data) { _ in true }
    }

    /// The entries of a block's `data` whose key (its UTF-8 bytes) `wanted` accepts; nil when the bytes are no
    /// key block. Keys are rebuilt in one buffer and become strings only when wanted.
    public static func entries(in data: [UInt8], where wanted: ([UInt8]) -> Bool) -> [HoldingKeyEntry]? {
        var reader = BlockReader(data)
        var key: [UInt8] = []
        var found: [HoldingKeyEntry] = []
        guard reader.byte() == Self.version else { return nil }
        while !reader.isAtEnd {
            guard let shared = reader.number(), shared <= key.count, let count = reader.number(),
                let suffix = reader.take(count), let numbered = reader.number(), numbered >> 1 > 0
            else { return nil }
            key.removeLast(key.count - shared)
            key.append(contentsOf: suffix)
            if wanted(key) {
                found.append(HoldingKeyEntry(key: String(decoding: key, as: UTF8.self), record: numbered >> 1, lendable: numbered & 1 == 1))
            }
        }
        return found
    }

    /// The first byte of every block; a later layout takes another.
    static let version: UInt8 = 1
}

/// Keys gathered into one byte buffer, so sorting compares bytes in place instead of strings.
private struct KeyArena {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var records: [Int] = []

    init(capacity: Int) {
        self.bytes.reserveCapacity(capacity * 24)
        self.starts.reserveCapacity(capacity + 1)
        self.records.reserveCapacity(capacity)
    }

    /// Records go in shifted left, their lending bit in the lowest place: the number the block stores.
    mutating func append(_ key: String, record: Int, lendable: Bool) {
        self.starts.append(self.bytes.count)
        self.bytes.append(contentsOf: key.utf8)
        self.records.append(record << 1 | (lendable ? 1 : 0))
    }

    func sortedBlocks(targetBytes: Int) -> [KeyBlock] {
        let records = self.records
        let count = records.count
        var order = Array(0..<count)
        return self.bytes.withUnsafeBufferPointer { bytes in
            (self.starts + [self.bytes.count]).withUnsafeBufferPointer { starts in
                func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[starts[index]..<starts[index + 1]])
                }
                // Byte order is the databases' order for these keys (SQLite's BINARY, PostgreSQL's "C").
                order.sort { lhs, rhs in
                    let order = Self.compare(key(lhs), key(rhs))
                    return order != 0 ? order < 0 : records[lhs] < records[rhs]
                }
                var blocks: [KeyBlock] = []
                var data: [UInt8] = []
                var firstKey = ""
                var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                for (position, index) in order.enumerated() {
                    let current = key(index)
                    if data.isEmpty {
                        data.reserveCapacity(targetBytes + 64)
                        data.append(KeyBlock.version)
                        firstKey = String(decoding: current, as: UTF8.self)
                        previous = UnsafeBufferPointer(start: nil, count: 0)
                    }
                    let shared = Self.sharedPrefix(previous, current)
                    BlockBytes.appendNumber(shared, to: &data)
                    BlockBytes.appendNumber(current.count - shared, to: &data)
                    data.append(contentsOf: UnsafeBufferPointer(rebasing: current[shared...]))
                    BlockBytes.appendNumber(records[index], to: &data)
                    previous = current
                    let isLast = position + 1 == count
                    if isLast || (data.count >= targetBytes && Self.compare(current, key(order[position + 1])) != 0) {
                        blocks.append(KeyBlock(firstKey: firstKey, data: data))
                        data = []
                    }
                }
                return blocks
            }
        }
    }

    private static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        for index in 0..<common where lhs[index] != rhs[index] {
            return lhs[index] < rhs[index] ? -1 : 1
        }
        return lhs.count - rhs.count
    }

    private static func sharedPrefix(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        var shared = 0
        while shared < lhs.count, shared < rhs.count, lhs[shared] == rhs[shared] { shared += 1 }
        return shared
    }
}
