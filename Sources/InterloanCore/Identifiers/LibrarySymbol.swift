import Foundation

/// Library symbols: short upper-case codes such as `MBW` or `NH-KEENE`, unique across the directory.
public enum LibrarySymbol {
    /// The symbol in canonical form, or nil when `text` cannot be a symbol.
    public static func normalize(_ text: String) -> String? {
        let symbol = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard (2...16).contains(symbol.count),
            symbol.unicodeScalars.allSatisfy({
                CharacterSet.uppercaseLetters.contains($0) && $0.isASCII
                    || CharacterSet.decimalDigits.contains($0) && $0.isASCII || $0 == "-"
            })
        else { return nil }
        return symbol
    }
}
