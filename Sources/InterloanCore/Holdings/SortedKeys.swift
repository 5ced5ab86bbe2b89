import Foundation

/// Match keys gathered into one byte buffer and sorted in byte order (SQLite's BINARY, PostgreSQL's "C"),
/// comparing bytes in place instead of strings.
struct SortedKeys {
    private var bytes: [UInt8] = []
    /// Key `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    /// Record numbers shifted left, the lending bit in the lowest place: the number a block stores.
    private var numbers: [Int] = []
    private var order: [Int] = []

    /// The keys of `holdings` from `lower` on and before `upper`; the first holding is record `firstRecord`.
    init(of holdings: [Holding], firstRecord: Int, from lower: [UInt8]?, below upper: [UInt8]?) {
        self.reserve(holdings.count * 3)
        for (offset, holding) in holdings.enumerated() {
            for key in holding.keys where Self.isKey(key, from: lower, below: upper) {
                self.append(key, record: firstRecord + offset, lendable: holding.lendable)
            }
        }
        self.sort()
    }

    init(of entries: [HoldingKeyEntry]) {
        self.reserve(entries.count)
        for entry in entries { self.append(entry.key, record: entry.record, lendable: entry.lendable) }
        self.sort()
    }

    private static func isKey(_ key: String, from lower: [UInt8]?, below upper: [UInt8]?) -> Bool {
        guard lower != nil || upper != nil else { return true }
        var key = key
        return key.withUTF8 { key in
            lower.map { lower in lower.withUnsafeBufferPointer { Self.compare(key, $0) >= 0 } } ?? true
                && upper.map { upper in upper.withUnsafeBufferPointer { Self.compare(key, $0) < 0 } } ?? true
        }
    }

    private mutating func reserve(_ keys: Int) {
        self.bytes.reserveCapacity(keys * 24)
        self.starts.reserveCapacity(keys + 1)
        self.numbers.reserveCapacity(keys)
    }

    private mutating func append(_ key: String, record: Int, lendable: Bool) {
        self.bytes.append(contentsOf: key.utf8)
        self.starts.append(self.bytes.count)
        self.numbers.append(record << 1 | (lendable ? 1 : 0))
    }

    private mutating func sort() {
        let numbers = self.numbers
        self.order = self.bytes.withUnsafeBufferPointer { bytes in
            self.starts.withUnsafeBufferPointer { starts in
                func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[starts[index]..<starts[index + 1]])
                }
                // Most pairs differ in their first 16 bytes, compared as two integers; the rest compare in full.
                var sortable = (0..<numbers.count).map { index in
                    let bytes = key(index)
                    return SortableKey(high: Self.word(bytes, from: 0), low: Self.word(bytes, from: 8), index: index)
                }
                sortable.sort { lhs, rhs in
                    if lhs.high != rhs.high { return lhs.high < rhs.high }
                    if lhs.low != rhs.low { return lhs.low < rhs.low }
                    let order = Self.compare(key(lhs.index), key(rhs.index))
                    return order != 0 ? order < 0 : numbers[lhs.index] < numbers[rhs.index]
                }
                return sortable.map(\.index)
            }
        }
    }

    /// The keys cut into blocks, in order.
    func blocks(targetBytes: Int) -> [KeyBlock] {
        var writer = KeyBlock.Writer(targetBytes: targetBytes)
        self.bytes.withUnsafeBufferPointer { bytes in
            func key(_ rank: Int) -> UnsafeBufferPointer<UInt8> {
                let index = self.order[rank]
                return UnsafeBufferPointer(rebasing: bytes[self.starts[index]..<self.starts[index + 1]])
            }
            for rank in self.order.indices {
                writer.append(
                    key(rank), number: self.numbers[self.order[rank]],
                    nextKey: rank + 1 < self.order.count ? key(rank + 1) : nil)
            }
        }
        return writer.blocks
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

    static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0, case let order = memcmp(lhs.baseAddress!, rhs.baseAddress!, common), order != 0 {
            return Int(order)
        }
        return lhs.count - rhs.count
    }
}
