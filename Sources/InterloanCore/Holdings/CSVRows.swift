/// The rows of a CSV text, each with the line it starts on; a quote left open is reported on its row.
///
/// Reads UTF-8 bytes: the quote, comma and line breaks are ASCII and never part of a multi-byte character, so
/// fields are cut on bytes and decoded once each.
struct CSVRows: IteratorProtocol {
    struct Row {
        var fields: [String]
        var line: Int
        var problem: String?
    }

    private let bytes: [UInt8]
    private(set) var position = 0
    private(set) var line = 1
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
    }

    /// The rows in `range` of `bytes`, which starts a row on `line`.
    init(_ bytes: [UInt8], range: Range<Int>, line: Int) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.line = line
    }

    /// Bytes not read yet.
    var remaining: Int { self.end - self.position }

    mutating func next() -> Row? {
        var fields = FieldBuilder()
        guard let (line, problem) = self.next(into: &fields) else { return nil }
        return Row(fields: fields.fields, line: line, problem: problem)
    }

    /// The next row's fields into `fields`, which keeps its storage from row to row; the row's line and problem.
    mutating func next(into fields: inout FieldBuilder) -> (line: Int, problem: String?)? {
        fields.startRow()
        guard let (line, closed) = self.scanRow(into: &fields) else { return nil }
        return (line, closed ? nil : "a quoted field is never closed")
    }

    /// The rest cut into `count` ranges of about equal size, each of whole rows, with the line each starts on.
    /// Rows are found by the same reading as `next()`, without making their fields.
    func pieces(count: Int) -> [(range: Range<Int>, line: Int)] {
        var rows = self
        var pieces: [(range: Range<Int>, line: Int)] = []
        var start = (position: rows.position, line: rows.line)
        for part in 1..<max(1, count) {
            let target = self.position + self.remaining * part / count
            var skipped = FieldSkipper()
            while rows.position < target, rows.scanRow(into: &skipped) != nil {}
            guard rows.position > start.position, rows.position < rows.end else { break }
            pieces.append((start.position..<rows.position, start.line))
            start = (rows.position, rows.line)
        }
        pieces.append((start.position..<self.end, start.line))
        return pieces
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Reads one row into `sink`; its first line and whether its quotes were closed, nil at the end.
    private mutating func scanRow<Sink: FieldSink>(into sink: inout Sink) -> (line: Int, closed: Bool)? {
        guard self.position < self.end else { return nil }
        let line = self.line
        var quoted = false
        while self.position < self.end {
            let byte = self.bytes[self.position]
            self.position += 1
            if quoted {
                if byte == Self.quote {
                    if self.position < self.end, self.bytes[self.position] == Self.quote {
                        sink.append(Self.quote)
                        self.position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == Self.newline { self.line += 1 }
                    sink.append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where sink.fieldIsEmpty:
                quoted = true
            case Self.comma:
                sink.endField()
            case Self.carriageReturn:
                continue
            case Self.newline:
                self.line += 1
                sink.endField()
                return (line, true)
            default:
                sink.append(byte)
            }
        }
        sink.endField()
        return (line, !quoted)
    }
}

/// What reading a row does with its bytes.
protocol FieldSink {
    var fieldIsEmpty: Bool { get }
    mutating func append(_ byte: UInt8)
    mutating func endField()
}

/// Makes the row's fields.
struct FieldBuilder: FieldSink {
    private(set) var fields: [String] = []
    private var field: [UInt8] = []

    mutating func startRow() {
        self.fields.removeAll(keepingCapacity: true)
    }

    var fieldIsEmpty: Bool { self.field.isEmpty }

    mutating func append(_ byte: UInt8) {
        self.field.append(byte)
    }

    mutating func endField() {
        self.fields.append(String(decoding: self.field, as: UTF8.self))
        self.field.removeAll(keepingCapacity: true)
    }
}

/// Only follows where the row ends.
private struct FieldSkipper: FieldSink {
    private(set) var fieldIsEmpty = true

    mutating func append(_ byte: UInt8) {
        self.fieldIsEmpty = false
    }

    mutating func endField() {
        self.fieldIsEmpty = true
    }
}
