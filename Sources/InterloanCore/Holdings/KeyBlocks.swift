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
/// bytes (one database page); rows per key were the import's cost.
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

    /// The blocks of the keys of `holdings` (numbered from `firstRecord`) from `lower` on and before `upper`
    /// (nil: no bound). Ranges that meet cut the work between cores: their blocks, in order, are those of one
    /// range, since a key's entries all fall in the same one.
    public static func blocks(
        of holdings: [Holding], firstRecord: Int, from lower: String? = nil, below upper: String? = nil,
        targetBytes: Int = Self.targetBytes
    ) -> [KeyBlock] {
        SortedKeys(
            of: holdings, firstRecord: firstRecord, from: lower.map { Array($0.utf8) },
            below: upper.map { Array($0.utf8) }
        )
        .blocks(targetBytes: targetBytes)
    }

    /// The blocks of `entries`, in any order.
    public static func blocks(of entries: [HoldingKeyEntry], targetBytes: Int = Self.targetBytes) -> [KeyBlock] {
        SortedKeys(of: entries).blocks(targetBytes: targetBytes)
    }

    /// A key near the middle of `holdings`' keys in byte order, from a sample: the bound between two ranges of
    /// about equal size. Nil when there are too few holdings to be worth it.
    public static func middleKey(of holdings: [Holding]) -> String? {
        guard holdings.count >= 1_000 else { return nil }
        let step = holdings.count / 100
        let sample = stride(from: 0, to: holdings.count, by: step).flatMap { holdings[$0].keys }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return sample.isEmpty ? nil : sample[sample.count / 2]
    }

    /// Front-codes sorted keys into blocks, cutting only between different keys.
    struct Writer {
        let targetBytes: Int
        var blocks: [KeyBlock] = []
        private var data: [UInt8] = []
        private var firstKey = ""
        private var entries = 0
        private var previous: [UInt8] = []

        init(targetBytes: Int) {
            self.targetBytes = targetBytes
        }

        /// `number` is the record shifted left with its lending bit; `nextKey` the key after, if any.
        mutating func append(_ key: UnsafeBufferPointer<UInt8>, number: Int, nextKey: UnsafeBufferPointer<UInt8>?) {
            if self.data.isEmpty {
                self.data.reserveCapacity(self.targetBytes + 64)
                self.data.append(KeyBlock.version)
                self.firstKey = String(decoding: key, as: UTF8.self)
                self.previous.removeAll(keepingCapacity: true)
            }
            var shared = 0
            while shared < self.previous.count, shared < key.count, self.previous[shared] == key[shared] { shared += 1 }
            BlockBytes.appendNumber(shared, to: &self.data)
            BlockBytes.appendNumber(key.count - shared, to: &self.data)
            self.data.append(contentsOf: UnsafeBufferPointer(rebasing: key[shared...]))
            BlockBytes.appendNumber(number, to: &self.data)
            self.previous.removeLast(self.previous.count - shared)
            self.previous.append(contentsOf: UnsafeBufferPointer(rebasing: key[shared...]))
            self.entries += 1
            let isFull = self.data.count >= self.targetBytes || self.entries >= KeyBlock.maximumEntries
            if let nextKey, !isFull || SortedKeys.compare(key, nextKey) == 0 { return }
            self.blocks.append(KeyBlock(firstKey: self.firstKey, data: self.data))
            self.data = []
            self.entries = 0
        }
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
                found.append(
                    HoldingKeyEntry(
                        key: String(decoding: key, as: UTF8.self), record: numbered >> 1, lendable: numbered & 1 == 1))
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
