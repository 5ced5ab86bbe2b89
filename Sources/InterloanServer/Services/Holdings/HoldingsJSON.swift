import InterloanCore

/// Writes a batch of holdings as the two JSON arrays `HoldingsImport.store` binds: records
/// (`{"n":1,"t":"...","a":"...","c":"...","l":true}`) and match keys (`{"k":"isbn:...","n":1,"l":true}`).
enum HoldingsJSON {
    static func encode(_ holdings: ArraySlice<Holding>, firstRecord: Int) -> (records: String, keys: String) {
        var records: [UInt8] = [UInt8(ascii: "[")]
        var keys: [UInt8] = [UInt8(ascii: "[")]
        records.reserveCapacity(holdings.count * 96)
        keys.reserveCapacity(holdings.count * 96)
        for (offset, holding) in holdings.enumerated() {
            let number = Array(String(firstRecord + offset).utf8)
            let lendable = holding.lendable ? Array("true".utf8) : Array("false".utf8)
            if offset > 0 { records.append(UInt8(ascii: ",")) }
            records.append(contentsOf: #"{"n":"#.utf8)
            records.append(contentsOf: number)
            for (name, value) in [("t", holding.title), ("a", holding.author), ("c", holding.callNumber)] {
                guard let value else { continue }
                records.append(contentsOf: #",""#.utf8)
                records.append(contentsOf: name.utf8)
                records.append(contentsOf: #"":"#.utf8)
                self.appendString(value, to: &records)
            }
            records.append(contentsOf: #","l":"#.utf8)
            records.append(contentsOf: lendable)
            records.append(UInt8(ascii: "}"))
            for key in holding.keys {
                if keys.count > 1 { keys.append(UInt8(ascii: ",")) }
                keys.append(contentsOf: #"{"k":"#.utf8)
                self.appendString(key, to: &keys)
                keys.append(contentsOf: #","n":"#.utf8)
                keys.append(contentsOf: number)
                keys.append(contentsOf: #","l":"#.utf8)
                keys.append(contentsOf: lendable)
                keys.append(UInt8(ascii: "}"))
            }
        }
        records.append(UInt8(ascii: "]"))
        keys.append(UInt8(ascii: "]"))
        return (String(decoding: records, as: UTF8.self), String(decoding: keys, as: UTF8.self))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped, NUL dropped (neither database keeps it
    /// in text), everything else copied as UTF-8.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case 0:
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x01..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(self.hexDigits[Int(byte >> 4)])
                output.append(self.hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
