import InterloanCore

/// Writes holdings as the JSON arrays `HoldingsImport.store` binds: records (`[1,"title","author","call",true]`,
/// absent values `null`) and match keys (`["isbn:9780198526636",1,true]`). Arrays rather than objects: the
/// database reads an element by position without looking up names.
enum HoldingsJSON {
    /// The records of `holdings`, numbered from `firstRecord`.
    static func records(_ holdings: ArraySlice<Holding>, firstRecord: Int) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(holdings.count * 96)
        for (offset, holding) in holdings.enumerated() {
            if offset > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            json.append(contentsOf: String(firstRecord + offset).utf8)
            for value in [holding.title, holding.author, holding.callNumber] {
                json.append(UInt8(ascii: ","))
                if let value { self.appendString(value, to: &json) } else { json.append(contentsOf: "null".utf8) }
            }
            json.append(contentsOf: holding.lendable ? ",true]".utf8 : ",false]".utf8)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// One match key of one record.
    struct KeyRow {
        var key: String
        var record: Int
        var lendable: Bool
    }

    /// Every key of `holdings` (numbered from `firstRecord`) in byte order: stored in the order of the table's
    /// key, an import appends to its library's range instead of inserting all over it.
    static func sortedKeys(_ holdings: [Holding], firstRecord: Int) -> [KeyRow] {
        var rows: [KeyRow] = []
        rows.reserveCapacity(holdings.count * 3)
        for (offset, holding) in holdings.enumerated() {
            for key in holding.keys {
                rows.append(KeyRow(key: key, record: firstRecord + offset, lendable: holding.lendable))
            }
        }
        // String order is code point order, the databases' byte order for the normalised keys.
        rows.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }
        return rows
    }

    static func keys(_ rows: ArraySlice<KeyRow>) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(rows.count * 40)
        for row in rows {
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            self.appendString(row.key, to: &json)
            json.append(UInt8(ascii: ","))
            json.append(contentsOf: String(row.record).utf8)
            json.append(contentsOf: row.lendable ? ",true]".utf8 : ",false]".utf8)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
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
