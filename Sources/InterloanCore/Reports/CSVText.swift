/// Writes CSV (RFC 4180): fields quoted when they hold a comma, a quote or a line break, lines ended by CRLF.
public enum CSVText {
    /// One line of fields. A text field that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return) is prefixed with an apostrophe; numbers are written as they are.
    public static func line(_ fields: [CSVField]) -> String {
        fields.map(\.written).joined(separator: ",") + "\r\n"
    }
}

/// One field of a CSV line.
public enum CSVField: Sendable, Equatable {
    case text(String)
    case number(String)
    case empty

    var written: String {
        switch self {
        case .empty: return ""
        case .number(let digits): return digits
        case .text(let text):
            var text = text
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    public static func int(_ value: Int?) -> CSVField { value.map { .number(String($0)) } ?? .empty }
    public static func double(_ value: Double?) -> CSVField { value.map { .number(String($0)) } ?? .empty }
}
