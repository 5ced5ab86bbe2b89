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
        while let row = rows.next() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            file.recordsRead += 1
            let position = "line \(row.line)"
            if let problem = row.problem {
                file.rejections.append(.init(position: position, reason: problem))
                continue
            }
            guard row.fields.count == names.count else {
                file.rejections.append(
                    .init(position: position, reason: "\(row.fields.count) fields where the header has \(names.count)"))
                continue
            }
            func field(_ name: String) -> String? {
                let value = row.fields[index[name]!].trimmingSpacesAndTabs
                return value.isEmpty ? nil : value
            }
            switch Self.holding(title: field("title"), author: field("author"), isbn: field("isbn"), issn: field("issn"),
                oclc: field("oclc"), callNumber: field("call_number"), lendable: field("lendable"))
            {
            case .success(let holding): file.holdings.append(holding)
            case .failure(let reason): file.rejections.append(.init(position: position, reason: reason.text))
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
        var identifiers: [String: [String]] = [:]
        if let isbn {
            guard MatchKeys.isbn(isbn) != nil else { return .failure(self.notAn("isbn", isbn)) }
            identifiers["isbn"] = [isbn]
        }
        if let issn {
            guard MatchKeys.issn(issn) != nil else { return .failure(self.notAn("issn", issn)) }
            identifiers["issn"] = [issn]
        }
        if let oclc {
            guard MatchKeys.oclc(oclc) != nil else { return .failure(self.notAn("oclc", oclc)) }
            identifiers["oclc"] = [oclc]
        }
        guard title != nil || !identifiers.isEmpty else {
            return .failure(Reason("a holding needs a title or an identifier"))
        }
        let isLendable: Bool
        switch lendable?.lowercased() {
        case nil, "yes", "y", "true", "1": isLendable = true
        case "no", "n", "false", "0": isLendable = false
        case let other?: return .failure(Reason("lendable is \"\(other)\"; write yes or no"))
        }
        return .success(
            Holding(title: title, author: author, callNumber: callNumber, lendable: isLendable, identifiers: identifiers))
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
