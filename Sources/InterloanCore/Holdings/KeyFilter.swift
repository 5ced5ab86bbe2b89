/// A Bloom filter over one library's match keys: it answers "certainly not held" for almost every library that
/// does not hold an item (about 1 in 100 answer "maybe" wrongly at 10 bits a key) and never misses a holder, so
/// finding holders seeks only the libraries that may hold the item instead of every library.
///
/// Blocked: all the bits of one key lie in one 512-bit block, a 64-byte cache line, so testing a key against a
/// filter costs one memory access however many bits it checks (600 filters of 60 KB do not stay in a cache).
/// The hash is FNV-1a over the key's UTF-8 bytes, mixed by SplitMix64's finaliser, and fixed by this type, not
/// by the process: filters are stored with the holdings and read by every server instance.
public struct KeyFilter: Sendable, Equatable {
    private var words: [UInt64]
    public let hashCount: Int

    /// An empty filter sized for `expectedKeys` keys at `bitsPerKey` bits each.
    public init(expectedKeys: Int, bitsPerKey: Int = 10) {
        let blocks = max(1, (expectedKeys * bitsPerKey + 511) / 512)
        self.words = Array(repeating: 0, count: blocks * Self.wordsPerBlock)
        // The count that minimises false positives, bits per key times ln 2, rounded; seven 9-bit positions
        // are all one 64-bit hash holds.
        self.hashCount = max(1, min(7, Int((Double(bitsPerKey) * 0.693).rounded())))
    }

    /// A filter holding `keys`.
    public init(keys: some Collection<String>, bitsPerKey: Int = 10) {
        self.init(expectedKeys: keys.count, bitsPerKey: bitsPerKey)
        for key in keys { self.insert(Probe(key)) }
    }

    private static let wordsPerBlock = 8

    /// A key's two hashes, computed once and tested against any number of filters: one picks the block, the
    /// other the bits in it, nine bits of it for each.
    public struct Probe: Sendable {
        let block: UInt64
        let bits: UInt64

        public init(_ key: String) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            self.block = Self.mix(hash)
            self.bits = Self.mix(hash ^ 0x9e37_79b9_7f4a_7c15)
        }

        private static func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// The first word of the probe's block: the hash mapped onto the blocks by a multiply, not a division.
    private func blockStart(_ probe: Probe) -> Int {
        let blocks = UInt64(self.words.count / Self.wordsPerBlock)
        return Int(probe.block.multipliedFullWidth(by: blocks).high) * Self.wordsPerBlock
    }

    /// The word in the block and the bit in the word of the probe's `index`th bit.
    private static func position(_ probe: Probe, _ index: Int) -> (word: Int, mask: UInt64) {
        let bit = Int((probe.bits >> UInt64(index * 9)) & 511)
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    public mutating func insert(_ probe: Probe) {
        let start = self.blockStart(probe)
        for index in 0..<self.hashCount {
            let (word, mask) = Self.position(probe, index)
            self.words[start + word] |= mask
        }
    }

    public mutating func insert(_ key: String) {
        self.insert(Probe(key))
    }

    /// False when the key is certainly not in the filter.
    public func mightContain(_ probe: Probe) -> Bool {
        let start = self.blockStart(probe)
        for index in 0..<self.hashCount {
            let (word, mask) = Self.position(probe, index)
            if self.words[start + word] & mask == 0 { return false }
        }
        return true
    }

    /// Version 1: the version byte, the hash count, then the blocks' bits as little-endian 64-bit words.
    public var serialized: [UInt8] {
        var bytes: [UInt8] = [1, UInt8(self.hashCount)]
        bytes.reserveCapacity(2 + self.words.count * 8)
        for word in self.words {
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// The filter `serialized` wrote, or nil for anything else.
    public init?(serialized bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        let blockBytes = Self.wordsPerBlock * 8
        guard bytes.count >= 2 + blockBytes, bytes[0] == 1, (1...7).contains(bytes[1]),
            (bytes.count - 2) % blockBytes == 0
        else { return nil }
        self.hashCount = Int(bytes[1])
        self.words = stride(from: 2, to: bytes.count, by: 8).map { start in
            (0..<8).reduce(UInt64(0)) { word, offset in word | UInt64(bytes[start + offset]) << UInt64(offset * 8) }
        }
    }
}
