import Foundation

extension ReportTallies {
    /// The tallies as text, for keeping one request's share until its next replaces it: a line per entry, its
    /// fields separated by tabs: `c` (a count), `d` (a duration tally) or `t` (a title); the key's month, library,
    /// service type, figure and dimension; then the count, the tally as `DurationTally.encoded` writes it, or the
    /// title's requests, earliest request and spelling. Tabs, line ends and backslashes in text are escaped.
    public var encoded: String {
        var text = ""
        func key(_ kind: String, _ key: Key) {
            text += kind + "\t" + key.month + "\t" + Self.escaped(key.library) + "\t" + key.serviceType.rawValue
            text += "\t" + key.figure.rawValue + "\t" + Self.escaped(key.dimension) + "\t"
        }
        for (entry, count) in self.counts {
            key("c", entry)
            text += String(count) + "\n"
        }
        for (entry, tally) in self.durations {
            key("d", entry)
            text += tally.encoded + "\n"
        }
        for (entry, title) in self.titles {
            key("t", entry)
            text += String(title.requests) + "\t" + String(title.firstRequestID) + "\t" + Self.escaped(title.spelling)
            text += "\n"
        }
        return text
    }

    /// The tallies `encoded` wrote, or nil for text it did not write.
    public init?(encoded text: String) {
        self.init()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 7, let serviceType = ServiceType(rawValue: String(fields[3])),
                let figure = Figure(rawValue: String(fields[4]))
            else { return nil }
            let key = Key(
                month: String(fields[1]), library: Self.unescaped(fields[2]), serviceType: serviceType, figure: figure,
                dimension: Self.unescaped(fields[5]))
            switch fields[0] {
            case "c" where fields.count == 7:
                guard let count = Int(fields[6]) else { return nil }
                self.counts[key] = count
            case "d" where fields.count == 7:
                guard let tally = DurationTally(encoded: String(fields[6])) else { return nil }
                self.durations[key] = tally
            case "t" where fields.count == 9:
                guard let requests = Int(fields[6]), let first = Int(fields[7]) else { return nil }
                self.titles[key] = Title(requests: requests, firstRequestID: first, spelling: Self.unescaped(fields[8]))
            default:
                return nil
            }
        }
    }

    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescaped(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return String(text) }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
