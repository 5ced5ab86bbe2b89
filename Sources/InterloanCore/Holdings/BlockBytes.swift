/// The byte-level pieces of holdings blocks: unsigned LEB128 integers and length-prefixed byte strings.
enum BlockBytes {
    static func appendNumber(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt(bitPattern: value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// `text` without NUL characters, which PostgreSQL's text cannot hold and no catalogue means. The bytes
    /// are appended first and looked through in place: a string's own view of them is far slower to search.
    static func appendText(_ text: String, to bytes: inout [UInt8]) {
        let start = bytes.count
        self.appendNumber(text.utf8.count, to: &bytes)
        let body = bytes.count
        bytes.append(contentsOf: text.utf8)
        guard bytes[body...].contains(0) else { return }
        let kept = bytes[body...].filter { $0 != 0 }
        bytes.removeSubrange(start...)
        self.appendNumber(kept.count, to: &bytes)
        bytes.append(contentsOf: kept)
    }
}

/// Reads what `BlockBytes` wrote; every read fails (nil) rather than running past the end or overflowing.
struct BlockReader {
    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { self.position >= self.bytes.count }

    mutating func number() -> Int? {
        var value: UInt = 0
        var shift: UInt = 0
        while self.position < self.bytes.count, shift < 63 {
            let byte = self.bytes[self.position]
            self.position += 1
            value |= UInt(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt(Int.max) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    mutating func byte() -> UInt8? {
        guard self.position < self.bytes.count else { return nil }
        defer { self.position += 1 }
        return self.bytes[self.position]
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= self.bytes.count - self.position else { return nil }
        defer { self.position += count }
        return self.bytes[self.position..<(self.position + count)]
    }

    mutating func text() -> String? {
        guard let count = self.number(), let slice = self.take(count) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }
}
