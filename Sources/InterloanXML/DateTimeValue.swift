import Foundation

/// `xs:dateTime` as partners write it. Strict about the value, liberal about one harmless quirk: a zone offset
/// written without its colon (`+0000`, sent by ReShare), which is normalised to `+00:00`.
public enum DateTimeValue {
    /// The canonical lexical form of `text`, or nil when it is no date and time.
    public static func normalised(_ text: String) -> String? {
        self.withBytes(text) { self.parse($0) }.map { $0.colonAdded ? Self.addingZoneColon(text) : text }
    }

    /// The instant `text` denotes; a value without a zone is taken as UTC.
    public static func date(_ text: String) -> Date? {
        self.withBytes(text) { self.parse($0) }?.date
    }

    private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result?) -> Result? {
        var text = text
        return text.withUTF8(body)
    }

    /// `...+0000` written `...+00:00`.
    private static func addingZoneColon(_ text: String) -> String {
        String(text.dropLast(2)) + ":" + String(text.suffix(2))
    }

    /// `date` as `2026-11-30T12:00:00Z`, the form Interloan emits.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        self.append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `date` as `2026-11-30T12:00:00Z` straight into `output`.
    static func append(_ date: Date, to output: inout [UInt8]) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        func put(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                output.append(UInt8(0x30 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        put(year, width: 4)
        output.append(0x2D)
        put(month, width: 2)
        output.append(0x2D)
        put(day, width: 2)
        output.append(0x54)
        put(secondOfDay / 3600, width: 2)
        output.append(0x3A)
        put(secondOfDay / 60 % 60, width: 2)
        output.append(0x3A)
        put(secondOfDay % 60, width: 2)
        output.append(0x5A)
    }

    private struct Parsed {
        /// The zone offset was written without its colon.
        var colonAdded: Bool
        var date: Date
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        guard bytes.count >= 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A,
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
            let second = number(bytes[17..<19]),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
            hour < 24 || (hour == 24 && minute == 0 && second == 0), minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            let start = index + 1
            index = start
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            var scale = 0.1
            for digit in bytes[start..<min(index, start + 9)] {
                fraction += Double(digit - 0x30) * scale
                scale /= 10
            }
        }
        var offsetSeconds = 0
        var colonAdded = false
        let rest = bytes[index...]
        if rest.isEmpty || (rest.count == 1 && rest.first == 0x5A) {
            offsetSeconds = 0
        } else if rest.count == 6 || rest.count == 5, rest.first == 0x2B || rest.first == 0x2D {
            let digits = rest.dropFirst()
            let start = digits.startIndex
            let hasColon = digits.count == 5
            guard !hasColon || bytes[start + 2] == 0x3A,
                let offsetHours = number(bytes[start..<(start + 2)]),
                let offsetMinutes = number(
                    hasColon ? bytes[(start + 3)..<(start + 5)] : bytes[(start + 2)..<(start + 4)]),
                offsetHours <= 14, offsetMinutes < 60
            else { return nil }
            let sign = rest.first == 0x2D ? -1 : 1
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            colonAdded = !hasColon
        } else {
            return nil
        }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Parsed(colonAdded: colonAdded, date: Date(timeIntervalSince1970: seconds))
    }

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return digits.isEmpty ? nil : value
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers since 1970-01-01 (Howard Hinnant's algorithms).
enum CivilDate {
    static func toDays(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
