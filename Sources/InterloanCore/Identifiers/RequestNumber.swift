/// The short, human-readable request id printed on slips and typed or scanned by staff, e.g. `IL-7F3K2Q`.
///
/// It is a keyed permutation of the database's row number, so ids are unique without a lookup, do not reveal
/// how many requests a consortium handles, and decode back to the row number. Six Crockford base-32 characters
/// cover 2^30 requests; the alphabet has no I, L, O or U, and decoding forgives those look-alikes and lower case.
public enum RequestNumber {
    public static let prefix = "IL-"
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let length = 6
    static let halfBits = 15
    static let halfMask = (1 << halfBits) - 1
    static let roundKeys = [0x5A3C, 0x1F27, 0x6B91, 0x2D4E]

    /// The largest row number that has an id.
    public static let capacity = 1 << (2 * halfBits)

    /// The id for row `number` (1 ..< capacity).
    public static func encode(_ number: Int) -> String {
        precondition(number >= 0 && number < self.capacity, "request row number out of range")
        var value = self.permute(number)
        var characters = [Character](repeating: "0", count: self.length)
        for index in stride(from: self.length - 1, through: 0, by: -1) {
            characters[index] = self.alphabet[value & 31]
            value >>= 5
        }
        return self.prefix + String(characters)
    }

    /// The row number behind an id as staff type it (prefix optional, any case), or nil if it is no id.
    public static func decode(_ text: String) -> Int? {
        var body = Substring(text.uppercased())
        if body.hasPrefix(self.prefix) { body = body.dropFirst(self.prefix.count) }
        guard body.count == self.length else { return nil }
        var value = 0
        for character in body {
            let normalized: Character
            switch character {
            case "O": normalized = "0"
            case "I", "L": normalized = "1"
            default: normalized = character
            }
            guard let digit = self.alphabet.firstIndex(of: normalized) else { return nil }
            value = value << 5 | digit
        }
        return self.unpermute(value)
    }

    // A four-round Feistel network over two 15-bit halves is a bijection on 0 ..< 2^30.
    static func permute(_ number: Int) -> Int {
        var left = number >> self.halfBits
        var right = number & self.halfMask
        for key in self.roundKeys {
            (left, right) = (right, left ^ self.round(right, key))
        }
        return left << self.halfBits | right
    }

    static func unpermute(_ number: Int) -> Int {
        var left = number >> self.halfBits
        var right = number & self.halfMask
        for key in self.roundKeys.reversed() {
            (left, right) = (right ^ self.round(left, key), left)
        }
        return left << self.halfBits | right
    }

    static func round(_ half: Int, _ key: Int) -> Int {
        ((half &* 0x2C1B + key) ^ (half >> 7)) & self.halfMask
    }
}
