#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A fixed set of names looked up by their UTF-8 bytes, so a reader can hand out one shared `String` per name.
struct NameTable: Sendable {
    private let buckets: [[(bytes: [UInt8], name: String)]]
    private let mask: Int

    init(_ names: [String]) {
        var size = 16
        while size < names.count * 2 { size *= 2 }
        var buckets = [[(bytes: [UInt8], name: String)]](repeating: [], count: size)
        for name in Set(names) {
            let bytes = Array(name.utf8)
            buckets[Self.hash(bytes) & (size - 1)].append((bytes, name))
        }
        self.buckets = buckets
        self.mask = size - 1
    }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for candidate in self.buckets[Self.hash(bytes) & self.mask] where candidate.bytes.count == bytes.count {
            let equal = candidate.bytes.withUnsafeBufferPointer { stored in
                memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if equal { return candidate.name }
        }
        return nil
    }

    /// FNV-1a: names are short, so a simple byte hash beats the standard library's seeded one.
    private static func hash(_ bytes: some Collection<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
