/// A strict JSON reader (RFC 8259) for request bodies, straight into `JSONValue`. JSONDecoder reached the same
/// values only by trying each type in turn and building an error for every miss: a twentieth of an action's CPU.
/// Refuses what JSONDecoder refuses (bad syntax, control characters and lone surrogates in strings, invalid
/// UTF-8, numbers too large for a Double, nesting deeper than 512) and, as RFC 8259 does, trailing commas, which
/// JSONDecoder lets through. Like JSONDecoder it skips a leading byte order mark and keeps the first of two
/// members with one name.
public struct JSONReader {
    /// Where and why the text is not JSON.
    public struct Failure: Error, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "\(self.reason) at byte \(self.offset)" }
    }

    public static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The one value `bytes` hold, with nothing but whitespace around it.
    public static func value(of bytes: [UInt8]) throws -> JSONValue {
        var reader = JSONReader(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        let value = try reader.value()
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.failure("text after the value") }
        return value
    }

    private mutating func value() throws -> JSONValue {
        self.skipWhitespace()
        guard self.index < self.bytes.count else { throw self.failure("the text ends where a value should be") }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return try self.object()
        case UInt8(ascii: "["): return try self.array()
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): return try self.literal("true", .bool(true))
        case UInt8(ascii: "f"): return try self.literal("false", .bool(false))
        case UInt8(ascii: "n"): return try self.literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try self.number())
        default: throw self.failure("unexpected character")
        }
    }

    private mutating func object() throws -> JSONValue {
        try self.enter()
        var members: [String: JSONValue] = [:]
        self.skipWhitespace()
        if self.consume(UInt8(ascii: "}")) { return self.leave(.object(members)) }
        repeat {
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else {
                throw self.failure("a member name must be a string")
            }
            let name = try self.string()
            self.skipWhitespace()
            guard self.consume(UInt8(ascii: ":")) else { throw self.failure("':' expected after a member name") }
            let value = try self.value()
            if members[name] == nil { members[name] = value }
            self.skipWhitespace()
        } while self.consume(UInt8(ascii: ","))
        guard self.consume(UInt8(ascii: "}")) else { throw self.failure("',' or '}' expected") }
        return self.leave(.object(members))
    }

    private mutating func array() throws -> JSONValue {
        try self.enter()
        var items: [JSONValue] = []
        self.skipWhitespace()
        if self.consume(UInt8(ascii: "]")) { return self.leave(.array(items)) }
        repeat {
            items.append(try self.value())
            self.skipWhitespace()
        } while self.consume(UInt8(ascii: ","))
        guard self.consume(UInt8(ascii: "]")) else { throw self.failure("',' or ']' expected") }
        return self.leave(.array(items))
    }

    private mutating func enter() throws {
        self.depth += 1
        guard self.depth <= Self.maximumDepth else { throw self.failure("nested deeper than \(Self.maximumDepth)") }
        self.index += 1
    }

    private mutating func leave(_ value: JSONValue) -> JSONValue {
        self.depth -= 1
        return value
    }

    private mutating func string() throws -> String {
        self.index += 1  // the opening quote
        var decoded: [UInt8] = []
        var start = self.index
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            switch byte {
            case UInt8(ascii: "\""):
                decoded.append(contentsOf: self.bytes[start..<self.index])
                self.index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else {
                    throw self.failure("a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: self.bytes[start..<self.index])
                try self.escape(into: &decoded)
                start = self.index
            case 0..<0x20:
                throw self.failure("a control character inside a string")
            default:
                self.index += 1
            }
        }
        throw self.failure("a string is not closed")
    }

    private mutating func escape(into decoded: inout [UInt8]) throws {
        self.index += 1  // the backslash
        guard self.index < self.bytes.count else { throw self.failure("a string is not closed") }
        let letter = self.bytes[self.index]
        self.index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(letter)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try self.hexQuad())
            if (0xD800..<0xDC00).contains(scalar) {
                guard self.consume(UInt8(ascii: "\\")), self.consume(UInt8(ascii: "u")) else {
                    throw self.failure("a high surrogate without its low half")
                }
                let low = UInt32(try self.hexQuad())
                guard (0xDC00..<0xE000).contains(low) else {
                    throw self.failure("a high surrogate without its low half")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw self.failure("a low surrogate without its high half")
            }
            decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw self.failure("an unknown escape")
        }
    }

    private mutating func hexQuad() throws -> UInt16 {
        guard self.index + 4 <= self.bytes.count else { throw self.failure("\\u needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.failure("\\u needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            self.index += 1
        }
        return value
    }

    private mutating func number() throws -> Double {
        let start = self.index
        _ = self.consume(UInt8(ascii: "-"))
        if self.consume(UInt8(ascii: "0")) {
            if self.digits() > 0 { throw self.failure("a number with a leading zero") }
        } else if self.digits() == 0 {
            throw self.failure("a number without digits")
        }
        if self.consume(UInt8(ascii: ".")), self.digits() == 0 { throw self.failure("a fraction without digits") }
        if self.consume(UInt8(ascii: "e")) || self.consume(UInt8(ascii: "E")) {
            if !self.consume(UInt8(ascii: "+")) { _ = self.consume(UInt8(ascii: "-")) }
            if self.digits() == 0 { throw self.failure("an exponent without digits") }
        }
        guard let number = Double(String(decoding: self.bytes[start..<self.index], as: UTF8.self)), number.isFinite
        else { throw self.failure("a number too large for a Double") }
        return number
    }

    private mutating func digits() -> Int {
        let start = self.index
        while self.index < self.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self.bytes[self.index]) {
            self.index += 1
        }
        return self.index - start
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            self.index + count <= self.bytes.count
                && self.bytes[self.index..<self.index + count].elementsEqual(expected)
        }
        guard matches else { throw self.failure("unexpected character") }
        self.index += count
        return value
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): self.index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
        self.index += 1
        return true
    }

    private func failure(_ reason: String) -> Failure {
        Failure(offset: self.index, reason: reason)
    }
}
