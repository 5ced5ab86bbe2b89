/// A Bloom filter over one library's match keys: it answers "certainly not held" for almost every library that
/// does not hold an item (about 1 in 100 answer "maybe" wrongly at 10 bits a key) and never misses a holder, so
/// finding holders seeks only the libraries that may hold the item instead of every library.
///
/// The hash is FNV-1a over the key's UTF-8 bytes, mixed by SplitMix64's finaliser, and fixed by this type, not
/// by the process: filters are stored with the holdings and read by every server instance.
public struct KeyFilter: Sendable, Equatable {
    private var words: [UInt64]
    public let hashCount: Int

    /// An empty filter sized for `expectedKeys` keys at `bitsPerKey` bits each.
    public init(expectedKeys: Int, bitsPerKey: Int = 10) {
        let bitCount = max(64, expectedKeys * bitsPerKey)
        self.words = Array(repeating: 0, count: (bitCount + 63) / 64)
        // The count that minimises false positives, bits per key times ln 2, rounded.
        self.hashCount = max(1, min(16, Int((Double(bitsPerKey) * 0.693).rounded())))
    }

    /// A filter holding `keys`.
    public init(keys: some Collection<String>, bitsPerKey: Int = 10) {
        self.init(expectedKeys: keys.count, bitsPerKey: bitsPerKey)
        for key in keys { self.insert(Probe(key)) }
    }

    /// A key's two base hashes, computed once and tested against any number of filters.
    public struct Probe: Sendable {
        let first: UInt64
        let step: UInt64

        public init(_ key: String) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            self.first = Self.mix(hash)
            // Odd, so the probes of one key never repeat a bit before wrapping the whole filter.
            self.step = Self.mix(hash ^ 0x9e37_79b9_7f4a_7c15) | 1
        }

        private static func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    private var bitCount: UInt64 { UInt64(self.words.count) * 64 }

    /// The bit for the `index`th probe: the hash mapped onto the filter by a multiply, not a division.
    private func bit(_ probe: Probe, _ index: Int) -> Int {
        Int((probe.first &+ UInt64(index) &* probe.step).multipliedFullWidth(by: self.bitCount).high)
    }

    public mutating func insert(_ probe: Probe) {
        for index in 0..<self.hashCount {
            let bit = self.bit(probe, index)
            self.words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    public mutating func insert(_ key: String) {
        self.insert(Probe(key))
    }

    /// False when the key is certainly not in the filter.
    public func mightContain(_ probe: Probe) -> Bool {
        for index in 0..<self.hashCount {
            let bit = self.bit(probe, index)
            if self.words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// Version 1: the version byte, the hash count, then the bits as little-endian 64-bit words.
    public var serialized: [UInt8] {
        var bytes: [UInt8] = [1, UInt8(self.hashCount)]
        bytes.reserveCapacity(2 + self.words.count * 8)
        for word in self.words {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return bytes
    }

    /// The filter `serialized` wrote, or nil for anything else.
    public init?(serialized bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard bytes.count >= 10, bytes[0] == 1, (1...16).contains(bytes[1]), (bytes.count - 2) % 8 == 0 else { return nil }
        self.hashCount = Int(bytes[1])
        self.words = stride(from: 2, to: bytes.count, by: 8).map { start in
            (0..<8).reduce(UInt64(0)) { word, offset in word | UInt64(bytes[start + offset]) << UInt64(offset * 8) }
        }
    }
}
