import Foundation

/// An ILS's answer as UTF-8 bytes. Some ILSs declare an encoding their bytes do not have (a Koha connector says
/// `windows-1252` and sends UTF-8), so the declaration is believed only when the bytes are not UTF-8 already.
enum NCIPText {
    static func utf8(_ bytes: [UInt8]) throws(NCIPError) -> [UInt8] {
        guard let (declarationEnd, encoding) = self.declaredEncoding(bytes),
            !["utf-8", "utf8", "us-ascii"].contains(encoding)
        else { return bytes }
        let body = Array(bytes[declarationEnd...])
        if String(validating: body, as: UTF8.self) != nil { return body }
        switch encoding {
        case "windows-1252", "cp1252", "iso-8859-1", "latin1", "iso_8859-1":
            // Every byte is a character in windows-1252 but five, which Foundation refuses; ISO 8859-1 maps
            // each byte to the code point of its value.
            let text =
                String(data: Data(body), encoding: .windowsCP1252)
                ?? String(body.map { Character(Unicode.Scalar($0)) })
            return Array(text.utf8)
        default:
            throw NCIPError("the answer is in \(encoding), which Interloan does not read; ask for UTF-8")
        }
    }

    /// Where the XML declaration ends and the encoding it names, in lower case; nil without a declaration or
    /// without an encoding in it.
    private static func declaredEncoding(_ bytes: [UInt8]) -> (Int, String)? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = min(bytes.count, start + 200)
        guard let close = bytes[start..<limit].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: bytes[start...close], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return (close + 1, value.lowercased())
    }
}
