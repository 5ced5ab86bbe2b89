/// What is stored of one holding record besides its keys.
public protocol HoldingRecordFields {
    var title: String? { get }
    var author: String? { get }
    var callNumber: String? { get }
    var lendable: Bool { get }
}

/// The stored fields of one holding record, as read back.
public struct HoldingRecordValues: HoldingRecordFields, Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var callNumber: String?
    public var lendable: Bool

    public init(title: String?, author: String?, callNumber: String?, lendable: Bool) {
        self.title = title
        self.author = author
        self.callNumber = callNumber
        self.lendable = lendable
    }
}

extension Holding: HoldingRecordFields {}

/// Consecutive holding records of one library, stored as one database row under the first one's number.
///
/// Each record is a byte of flags (lends; has a title, an author, a call number) and the present values as
/// length-prefixed UTF-8. A block stops at about 3,500 bytes (one database page, some 50 records).
public struct RecordBlock: Sendable, Equatable {
    /// The first record's position in the collection the blocks were made of (0 for the first).
    public var offset: Int
    public var count: Int
    public var data: [UInt8]

    public init(offset: Int, count: Int, data: [UInt8]) {
        self.offset = offset
        self.count = count
        self.data = data
    }

    /// The blocks of `holdings`, in order.
    public static func blocks(of holdings: [Holding], targetBytes: Int = KeyBlock.targetBytes) -> [RecordBlock] {
        self.blocks(of: holdings[...], targetBytes: targetBytes)
    }

    public static func blocks(of records: [HoldingRecordValues], targetBytes: Int = KeyBlock.targetBytes)
        -> [RecordBlock]
    {
        self.blocks(of: records[...], targetBytes: targetBytes)
    }

    // Public entry points take arrays: this generic body is then specialised inside the module, not run through
    // protocol calls for every record.
    private static func blocks<Record: HoldingRecordFields>(of records: ArraySlice<Record>, targetBytes: Int)
        -> [RecordBlock]
    {
        var blocks: [RecordBlock] = []
        var data: [UInt8] = []
        var start = 0
        for position in records.indices {
            let record = records[position]
            if data.isEmpty {
                data.reserveCapacity(targetBytes + 256)
                data.append(Self.version)
                start = position
            }
            let flags: UInt8 =
                (record.lendable ? 1 : 0) | (record.title != nil ? 2 : 0) | (record.author != nil ? 4 : 0)
                | (record.callNumber != nil ? 8 : 0)
            data.append(flags)
            if let title = record.title { BlockBytes.appendText(title, to: &data) }
            if let author = record.author { BlockBytes.appendText(author, to: &data) }
            if let callNumber = record.callNumber { BlockBytes.appendText(callNumber, to: &data) }
            if data.count >= targetBytes || position + 1 == records.endIndex {
                blocks.append(RecordBlock(offset: start - records.startIndex, count: position + 1 - start, data: data))
                data = []
            }
        }
        return blocks
    }

    /// The records of a block's `data`, in order; nil when the bytes are no record block.
    public static func records(in data: [UInt8]) -> [HoldingRecordValues]? {
        var reader = BlockReader(data)
        guard reader.byte() == Self.version else { return nil }
        var records: [HoldingRecordValues] = []
        while let flags = reader.byte() {
            guard flags < 16 else { return nil }
            var values: [String?] = []
            for bit in 0..<3 {
                if flags & (2 << bit) == 0 {
                    values.append(nil)
                } else {
                    guard let text = reader.text() else { return nil }
                    values.append(text)
                }
            }
            records.append(
                HoldingRecordValues(
                    title: values[0], author: values[1], callNumber: values[2], lendable: flags & 1 == 1))
        }
        return records
    }

    static let version: UInt8 = 1
}
