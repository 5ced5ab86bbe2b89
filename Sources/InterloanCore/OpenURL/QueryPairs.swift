/// The key-value pairs of a URL query (`a=1&b=2`) as browsers and link resolvers write it: `+` is a space, `%XX` a
/// byte, a `%` that starts no escape is kept as written, bytes that are not UTF-8 become U+FFFD and control
/// characters become spaces. One pass over the bytes; the caller bounds the length before.
public struct QueryPairs: Sendable, Equatable {
    /// A key, its decoded value, and where the pair began in the query (an unwrapped link may need the raw rest).
    public struct Pair: Sendable, Equatable {
        public var key: String
        public var value: String
        public var offset: Int
    }

    public var pairs: [Pair]
    /// Pairs past `limit`, left unread.
    public var dropped: Int

    /// Splits `query` (without its `?`) into at most `limit` pairs; pairs with an empty key are skipped.
    public init(_ query: Substring.UTF8View, limit: Int = 256) {
        var pairs: [Pair] = []
        var dropped = 0
        var start = query.startIndex
        var offset = 0
        while start < query.endIndex {
            let end = query[start...].firstIndex(of: UInt8(ascii: "&")) ?? query.endIndex
            let field = query[start..<end]
            let pairLength = field.count
            if !field.isEmpty {
                let equals = field.firstIndex(of: UInt8(ascii: "=")) ?? field.endIndex
                let key = Self.decode(field[field.startIndex..<equals])
                if !key.isEmpty {
                    if pairs.count < limit {
                        let value = equals < field.endIndex ? Self.decode(field[field.index(after: equals)...]) : ""
                        pairs.append(Pair(key: key, value: value, offset: offset))
                    } else {
                        dropped += 1
                    }
                }
            }
            offset += pairLength + 1
            start = end < query.endIndex ? query.index(after: end) : end
        }
        self.pairs = pairs
        self.dropped = dropped
    }

    /// The form-decoded text of some query bytes.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"),
                let high = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), high < bytes.endIndex,
                let low = bytes.index(high, offsetBy: 1, limitedBy: bytes.endIndex), low < bytes.endIndex,
                let h = Self.hexValue(bytes[high]), let l = Self.hexValue(bytes[low])
            {
                decoded.append(h << 4 | l)
                index = bytes.index(after: low)
                continue
            }
            decoded.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        let text = String(decoding: decoded, as: UTF8.self)
        guard ControlCharacters.occur(in: text) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { ControlCharacters.isControl($0) ? " " : $0 }))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
