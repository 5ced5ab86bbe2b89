import Foundation

/// Light checks of the standard identifiers staff type into a request; full normalisation for matching
/// holdings belongs to lender selection.
public enum Identifiers {
    /// Digits (and a final X for ISBN-10) with hyphens and spaces removed.
    static func compact(_ text: String) -> String {
        text.uppercased().filter { $0 != "-" && $0 != " " }
    }

    public static func isPlausibleISBN(_ text: String) -> Bool {
        let compact = self.compact(text)
        guard compact.count == 10 || compact.count == 13 else { return false }
        return compact.dropLast().allSatisfy(\.isASCIIDigit)
            && (compact.last!.isASCIIDigit || (compact.count == 10 && compact.last == "X"))
    }

    public static func isPlausibleISSN(_ text: String) -> Bool {
        let compact = self.compact(text)
        return compact.count == 8 && compact.dropLast().allSatisfy(\.isASCIIDigit)
            && (compact.last!.isASCIIDigit || compact.last == "X")
    }

    /// OCLC numbers with or without their customary prefixes: `ocm`, `ocn`, `on`, `(OCoLC)`.
    public static func isPlausibleOCLCNumber(_ text: String) -> Bool {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        for prefix in ["(OCoLC)", "ocm", "ocn", "on"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        return (1...12).contains(rest.count) && rest.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
