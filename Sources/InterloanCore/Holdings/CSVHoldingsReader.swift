import Foundation

/// Reads holdings from CSV with the header `title,author,isbn,issn,oclc,call_number,lendable` (columns in any
/// order, RFC 4180 quoting). A bad row is reported with its line and skipped, never the whole file.
public enum CSVHoldingsReader {
    public static let columns = ["title", "author", "isbn", "issn", "oclc", "call_number", "lendable"]

    public static func read(_ text: String) -> HoldingsFile {
        var file = HoldingsFile()
        var rows = CSVRows(text)
        guard let header = rows.next() else {
            file.rejections.append(.init(position: "line 1", reason: "the file is empty; it needs the header \(Self.columns.joined(separator: ","))"))
            return file
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = Self.columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            file.rejections.append(.init(position: "line 1", reason: "the header lacks \(missing.joined(separator: ", "))"))
            return file
        }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Positions looked up once, not per row: this loop runs for every holding of every import.
        let position = Self.columns.map { index[$0]! }
        while let row = rows.next() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            file.recordsRead += 1
            if let problem = row.problem {
                file.rejections.append(.init(position: "line \(row.line)", reason: problem))
                continue
            }
            guard row.fields.count == names.count else {
                file.rejections.append(
                    .init(position: "line \(row.line)", reason: "\(row.fields.count) fields where the header has \(names.count)"))
                continue
            }
            func field(_ column: Int) -> String? {
                let value = row.fields[position[column]].trimmingSpacesAndTabs
                return value.isEmpty ? nil : value
            }
            switch Self.holding(title: field(0), author: field(1), isbn: field(2), issn: field(3), oclc: field(4),
                callNumber: field(5), lendable: field(6))
            {
            case .success(let holding): file.holdings.append(holding)
            case .failure(let reason): file.rejections.append(.init(position: "line \(row.line)", reason: reason.text))
            }
        }
        return file
    }

    typealias Reason = HoldingsFile.Rejection.Reason

    private static func notAn(_ kind: String, _ value: String) -> Reason {
        Reason("the \(kind) column holds \"\(value)\", which is no \(kind.uppercased())")
    }

    static func holding(
        title: String?, author: String?, isbn: String?, issn: String?, oclc: String?, callNumber: String?,
        lendable: String?
    ) -> Result<Holding, Reason> {
        // Each identifier is normalised once, to check it and to key it.
        var keys: [String] = []
        keys.reserveCapacity(4)
        if let isbn {
            guard let key = MatchKeys.isbn(isbn) else { return .failure(self.notAn("isbn", isbn)) }
            keys.append("isbn:" + key)
        }
        if let issn {
            guard let key = MatchKeys.issn(issn) else { return .failure(self.notAn("issn", issn)) }
            keys.append("issn:" + key)
        }
        if let oclc {
            guard let key = MatchKeys.oclc(oclc) else { return .failure(self.notAn("oclc", oclc)) }
            keys.append("oclc:" + key)
        }
        guard title != nil || !keys.isEmpty else {
            return .failure(Reason("a holding needs a title or an identifier"))
        }
        let isLendable: Bool
        switch lendable?.lowercased() {
        case nil, "yes", "y", "true", "1": isLendable = true
        case "no", "n", "false", "0": isLendable = false
        case let other?: return .failure(Reason("lendable is \"\(other)\"; write yes or no"))
        }
        if let title, let key = MatchKeys.titleAuthor(title: title, author: author) { keys.append("ta:" + key) }
        return .success(Holding(title: title, author: author, callNumber: callNumber, lendable: isLendable, keys: keys))
    }
}

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
    private var position = 0
    private var line = 1

    init(_ text: String) {
        self.bytes = Array(text.utf8)
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func next() -> Row? {
        guard self.position < self.bytes.count else { return nil }
        var row = Row(fields: [], line: self.line)
        var field: [UInt8] = []
        var quoted = false
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            self.position += 1
            if quoted {
                if byte == Self.quote {
                    if self.position < self.bytes.count, self.bytes[self.position] == Self.quote {
                        field.append(Self.quote)
                        self.position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == Self.newline { self.line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where field.isEmpty:
                quoted = true
            case Self.comma:
                row.fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case Self.carriageReturn:
                continue
            case Self.newline:
                self.line += 1
                row.fields.append(String(decoding: field, as: UTF8.self))
                return row
            default:
                field.append(byte)
            }
        }
        if quoted { row.problem = "a quoted field is never closed" }
        row.fields.append(String(decoding: field, as: UTF8.self))
        return row
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; cheaper than Foundation's trimming for every CSV field.
    var trimmingSpacesAndTabs: String {
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = self.utf8.first, let last = self.utf8.last, isBlank(first) || isBlank(last) else { return self }
        let trimmed = self.utf8.drop(while: isBlank)
        return String(decoding: trimmed.reversed().drop(while: isBlank).reversed(), as: UTF8.self)
    }
}
