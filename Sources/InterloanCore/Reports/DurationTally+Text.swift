import Foundation

extension DurationTally {
    /// The tally as one line of text: `count,totalSeconds,totalWorkingDays,under48,from48To72,over72;` then the
    /// hundredths as `value:count` pairs joined by commas, `;`, and the working days the same way. Totals of
    /// seconds are written so that they read back to the same number.
    public var encoded: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + 12 * (self.hundredths.count + self.workingDays.count))
        Self.append(self.count, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: "\(self.totalSeconds)".utf8)
        for number in [self.totalWorkingDays, self.under48Hours, self.from48To72Hours, self.over72Hours] {
            bytes.append(UInt8(ascii: ","))
            Self.append(number, to: &bytes)
        }
        bytes.append(UInt8(ascii: ";"))
        Self.append(pairs: self.hundredths, to: &bytes)
        bytes.append(UInt8(ascii: ";"))
        Self.append(pairs: self.workingDays, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The tally `encoded` wrote, or nil for text it did not write or whose counts do not add up. Read byte by byte: reports read thousands of
    /// these, each with hundreds of pairs.
    public init?(encoded text: String) {
        var text = text
        let tally = text.withUTF8 { bytes -> DurationTally? in
            var reader = PairReader(bytes: bytes)
            return reader.tally()
        }
        guard let tally else { return nil }
        self = tally
    }

    /// `value:count` pairs in ascending order of value, joined by commas. Written digit by digit: reports and
    /// catching up write thousands of these, each with hundreds of pairs.
    private static func append(pairs counts: [Int: Int], to bytes: inout [UInt8]) {
        for (index, value) in counts.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            self.append(value, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            self.append(counts[value]!, to: &bytes)
        }
    }

    private static func append(_ number: Int, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }
}

/// Reads the text of `DurationTally.encoded`.
private struct PairReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func tally() -> DurationTally? {
        var tally = DurationTally()
        guard let count = self.integer(then: UInt8(ascii: ",")), let seconds = self.double(then: UInt8(ascii: ",")),
            let workingDays = self.integer(then: UInt8(ascii: ",")),
            let under48 = self.integer(then: UInt8(ascii: ",")),
            let from48 = self.integer(then: UInt8(ascii: ",")), let over72 = self.integer(then: UInt8(ascii: ";")),
            let hundredths = self.pairs(then: UInt8(ascii: ";")), let days = self.pairs(then: nil),
            // Every leg is counted once in each: text that does not add up was not written by `encoded`.
            hundredths.values.reduce(0, +) == count, days.values.reduce(0, +) == count,
            under48 + from48 + over72 == count
        else { return nil }
        tally.count = count
        tally.totalSeconds = seconds
        tally.totalWorkingDays = workingDays
        tally.under48Hours = under48
        tally.from48To72Hours = from48
        tally.over72Hours = over72
        tally.hundredths = hundredths
        tally.workingDays = days
        return tally
    }

    /// `value:count` pairs up to `end` (consumed), or to the end of the text when `end` is nil.
    private mutating func pairs(then end: UInt8?) -> [Int: Int]? {
        var pairs: [Int: Int] = [:]
        while self.index < self.bytes.count, self.bytes[self.index] != end {
            guard let value = self.integer(then: UInt8(ascii: ":")) else { return nil }
            guard let count = self.integer(then: nil) else { return nil }
            pairs[value, default: 0] += count
            if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ",") { self.index += 1 }
        }
        if let end {
            guard self.index < self.bytes.count, self.bytes[self.index] == end else { return nil }
            self.index += 1
        }
        return pairs
    }

    /// A decimal integer of at most 18 digits, then `end` (consumed) unless it is nil.
    private mutating func integer(then end: UInt8?) -> Int? {
        var negative = false
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "-") {
            negative = true
            self.index += 1
        }
        var value = 0
        var digits = 0
        while self.index < self.bytes.count, case let byte = self.bytes[self.index],
            byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9")
        {
            guard digits < 18 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            self.index += 1
        }
        guard digits > 0, self.skip(end) else { return nil }
        return negative ? -value : value
    }

    /// A number as Swift writes a `Double`, then `end` (consumed).
    private mutating func double(then end: UInt8) -> Double? {
        let start = self.index
        while self.index < self.bytes.count, self.bytes[self.index] != end, self.index - start < 40 {
            self.index += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, self.skip(end) else { return nil }
        return value
    }

    private mutating func skip(_ end: UInt8?) -> Bool {
        guard let end else { return true }
        guard self.index < self.bytes.count, self.bytes[self.index] == end else { return false }
        self.index += 1
        return true
    }
}
