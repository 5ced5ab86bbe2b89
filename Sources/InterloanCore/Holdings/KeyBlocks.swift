import Foundation

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
/// block whose first key is not after it: one index seek finds it. A block holds at most 256 keys and about 3,500
/// bytes (one database page); rows per key were the import's cost (issue 5).
public struct KeyBlock: Sendable, Equatable {
    public var firstKey: String
    public var data: [UInt8]

    public static let targetBytes = 3_500
    /// Keys front-code to a few bytes each, so a page would hold some 700; a lookup reads through half a block
    /// on average, and fewer entries keep that short.
    public static let maximumEntries = 256

    public init(firstKey: String, data: [UInt8]) {
        self.firstKey = firstKey
        self.data = data
    }

    /// The blocks of every key of `holdings`, numbered from `firstRecord`.
    // Arrays, not generic collections: a generic public function runs unspecialised when called from another
    // module, a protocol call for every element of millions.
    public static func blocks(of holdings: [Holding], firstRecord: Int, targetBytes: Int = Self.targetBytes) -> [KeyBlock] {
        var arena = KeyArena(capacity: holdings.count * 3)
        for (offset, holding) in holdings.enumerated() {
            for key in holding.keys { arena.append(key, record: firstRecord + offset, lendable: holding.lendable) }
        }
        return arena.sortedBlocks(targetBytes: targetBytes)
    }

    /// The blocks of `entries`, in any order.
    public static func blocks(of entries: [HoldingKeyEntry], targetBytes: Int = Self.targetBytes) -> [KeyBlock] {
        var arena = KeyArena(capacity: entries.count)
        for entry in entries { arena.append(entry.key, record: entry.record, lendable: entry.lendable) }
        return arena.sortedBlocks(targetBytes: targetBytes)
    }

    /// Every entry of a block's `data`; nil when the bytes are no key block.
    public static func entries(in data: [UInt8]) -> [HoldingKeyEntry]? {
        self.entries(in: data, selecting: .all)
    }

    /// Which keys of a block a lookup wants.
    public enum Selection: Sendable {
        case all
        case exactly([String])
        case prefix(String)
    }

    /// The entries of a block's `data` that `selection` wants; nil when the bytes are no key block. Keys are
    /// rebuilt in one buffer and become strings only when wanted, and reading stops past the last wanted key.
    public static func entries(in data: [UInt8], selecting selection: Selection) -> [HoldingKeyEntry]? {
        let wanted: [[UInt8]]
        let isPrefix: Bool
        switch selection {
        case .all: (wanted, isPrefix) = ([[]], true)
        case .exactly(let keys): (wanted, isPrefix) = (keys.map { Array($0.utf8) }, false)
        case .prefix(let prefix): (wanted, isPrefix) = ([Array(prefix.utf8)], true)
        }
        guard let last = wanted.max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
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
            if isPrefix ? key.starts(with: last) : wanted.contains(key) {
                found.append(HoldingKeyEntry(key: String(decoding: key, as: UTF8.self), record: numbered >> 1, lendable: numbered & 1 == 1))
            } else if !isPrefix || !key.starts(with: last), last.lexicographicallyPrecedes(key) {
                // Keys only grow from here: nothing further is wanted.
                return found
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

    /// The keys sorted and cut into blocks; the arena is spent.
    mutating func sortedBlocks(targetBytes: Int) -> [KeyBlock] {
        // Where the last key ends, so key `i` is always `starts[i]..<starts[i + 1]`.
        self.starts.append(self.bytes.count)
        let records = self.records
        let count = records.count
        return self.bytes.withUnsafeBufferPointer { bytes in
            self.starts.withUnsafeBufferPointer { starts in
                func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[starts[index]..<starts[index + 1]])
                }
                // Byte order is the databases' order for these keys (SQLite's BINARY, PostgreSQL's "C"). Most
                // pairs differ in their first 16 bytes, compared as two integers; the rest compare in full.
                var sortable = (0..<count).map { index in
                    let bytes = key(index)
                    return SortableKey(high: Self.word(bytes, from: 0), low: Self.word(bytes, from: 8), index: index)
                }
                sortable.sort { lhs, rhs in
                    if lhs.high != rhs.high { return lhs.high < rhs.high }
                    if lhs.low != rhs.low { return lhs.low < rhs.low }
                    let order = Self.compare(key(lhs.index), key(rhs.index))
                    return order != 0 ? order < 0 : records[lhs.index] < records[rhs.index]
                }
                let order = sortable.map(\.index)
                var blocks: [KeyBlock] = []
                var data: [UInt8] = []
                var firstKey = ""
                var entriesInBlock = 0
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
                    entriesInBlock += 1
                    let isFull = data.count >= targetBytes || entriesInBlock >= KeyBlock.maximumEntries
                    if isLast || (isFull && Self.compare(current, key(order[position + 1])) != 0) {
                        blocks.append(KeyBlock(firstKey: firstKey, data: data))
                        data = []
                        entriesInBlock = 0
                    }
                }
                return blocks
            }
        }
    }

    private struct SortableKey {
        let high: UInt64
        let low: UInt64
        let index: Int
    }

    /// Eight bytes of `key` from `start` as a big-endian number, zeros past its end.
    private static func word(_ key: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        if start + 8 <= key.count {
            return UInt64(bigEndian: UnsafeRawPointer(key.baseAddress! + start).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        for position in start..<(start + 8) {
            word = word << 8 | UInt64(position < key.count ? key[position] : 0)
        }
        return word
    }

    private static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0, case let order = memcmp(lhs.baseAddress!, rhs.baseAddress!, common), order != 0 {
            return Int(order)
        }
        return lhs.count - rhs.count
    }

    private static func sharedPrefix(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        var shared = 0
        while shared < lhs.count, shared < rhs.count, lhs[shared] == rhs[shared] { shared += 1 }
        return shared
    }
}
