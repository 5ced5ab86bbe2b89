/// Reads binary MARC (ISO 2709, `.mrc`) record by record: the leader's length and base address, the directory,
/// then each field. A damaged record is reported with its number and byte offset and skipped; reading resumes
/// at the next record terminator, so one bad record never costs the rest of the file.
public enum ISO2709Reader {
    static let fieldTerminator: UInt8 = 0x1E
    static let recordTerminator: UInt8 = 0x1D
    static let subfieldDelimiter: UInt8 = 0x1F

    /// Every record in `bytes`, or the reason it could not be read, in file order.
    public static func records(_ bytes: [UInt8]) -> [(
        position: String, record: Result<MARCRecord, HoldingsFile.Rejection.Reason>
    )] {
        var results: [(String, Result<MARCRecord, HoldingsFile.Rejection.Reason>)] = []
        var offset = 0
        var number = 0
        while offset < bytes.count {
            // Blank lines or padding between records are not records.
            if [0x0A, 0x0D, 0x20, Self.recordTerminator].contains(bytes[offset]) {
                offset += 1
                continue
            }
            number += 1
            let position = "record \(number) (byte \(offset))"
            let end = bytes[offset...].firstIndex(of: Self.recordTerminator).map { $0 + 1 } ?? bytes.count
            results.append((position, Self.record(bytes[offset..<end])))
            offset = end
        }
        return results
    }

    /// Holdings from the records of `bytes`.
    public static func read(_ bytes: [UInt8]) -> HoldingsFile {
        var file = HoldingsFile()
        for (position, result) in self.records(bytes) {
            file.recordsRead += 1
            switch result.flatMap(MARCHoldings.holding(from:)) {
            case .success(let holding): file.holdings.append(holding)
            case .failure(let reason): file.rejections.append(.init(position: position, reason: reason.text))
            }
        }
        return file
    }

    static func record(_ bytes: ArraySlice<UInt8>) -> Result<MARCRecord, HoldingsFile.Rejection.Reason> {
        let start = bytes.startIndex
        guard bytes.count >= 25, let length = Self.number(bytes[start..<(start + 5)]),
            let base = Self.number(bytes[(start + 12)..<(start + 17)])
        else { return .failure(.init("the leader is not a MARC leader")) }
        guard length == bytes.count else {
            return .failure(.init("the leader gives a length of \(length) bytes, the record has \(bytes.count)"))
        }
        guard base > 24, base <= bytes.count, bytes[start + base - 1] == Self.fieldTerminator else {
            return .failure(.init("the base address \(base) does not end the directory"))
        }
        var record = MARCRecord()
        var entry = start + 24
        while entry + 12 <= start + base - 1 {
            let tag = String(decoding: bytes[entry..<(entry + 3)], as: UTF8.self)
            guard let fieldLength = Self.number(bytes[(entry + 3)..<(entry + 7)]),
                let fieldStart = Self.number(bytes[(entry + 7)..<(entry + 12)]),
                start + base + fieldStart + fieldLength <= bytes.endIndex, fieldLength > 0
            else { return .failure(.init("the directory entry for tag \(tag) points outside the record")) }
            var data = bytes[(start + base + fieldStart)..<(start + base + fieldStart + fieldLength)]
            if data.last == Self.fieldTerminator { data = data.dropLast() }
            if tag < "010" {
                record.controlFields[tag] = String(decoding: data, as: UTF8.self)
            } else {
                let subfields = data.split(separator: Self.subfieldDelimiter, omittingEmptySubsequences: true)
                    .dropFirst()
                record.dataFields.append(
                    MARCRecord.DataField(
                        tag: tag,
                        subfields: subfields.compactMap { subfield in
                            guard let code = subfield.first else { return nil }
                            return (
                                Character(Unicode.Scalar(code)), String(decoding: subfield.dropFirst(), as: UTF8.self)
                            )
                        }))
            }
            entry += 12
        }
        return .success(record)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }
}
