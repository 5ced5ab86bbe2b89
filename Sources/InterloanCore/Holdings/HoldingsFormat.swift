/// The holdings file formats Interloan reads, told apart by their first bytes, since real exports carry any name
/// (`.dat`, `.usmarc`, `.iso`, `.txt`).
public enum HoldingsFormat: String, CaseIterable, Sendable {
    /// A header line naming the columns, then one holding per line.
    case csv
    /// MARC 21 records in XML.
    case marcxml
    /// Binary MARC (ISO 2709): each record opens with a 24-byte leader whose first five bytes are its length.
    case iso2709

    /// The format `bytes` are in, or nil when they are none of them. Looks at the start only.
    public static func detect(_ bytes: [UInt8]) -> HoldingsFormat? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "<") { return .marcxml }
        if Self.isLeader(bytes[start...].prefix(24)) { return .iso2709 }
        if Self.isHeaderLine(bytes[start...].prefix(4096)) { return .csv }
        return nil
    }

    /// Five digits of record length, then the leader's fixed positions: indicator and subfield-code counts (`22`)
    /// at 10 and 11, and the entry map (`4500`) at 20 to 23.
    private static func isLeader(_ leader: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(leader)
        guard bytes.count == 24, bytes[0..<5].allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return Array(bytes[10...11]) == Array("22".utf8) || Array(bytes[20...23]) == Array("4500".utf8)
    }

    /// A first line of printable text holding at least one comma.
    private static func isHeaderLine(_ text: ArraySlice<UInt8>) -> Bool {
        let line = text.prefix { $0 != 0x0A && $0 != 0x0D }
        return line.contains(UInt8(ascii: ",")) && line.allSatisfy { $0 >= 0x20 || $0 == 0x09 }
    }
}
