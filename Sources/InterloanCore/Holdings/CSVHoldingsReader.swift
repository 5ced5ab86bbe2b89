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
                let value = row.fields[index[name]!].trimmingCharacters(in: .whitespaces)
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

    static func holding(
        title: String?, author: String?, isbn: String?, issn: String?, oclc: String?, callNumber: String?,
        lendable: String?
    ) -> Result<Holding, Reason> {
        var identifiers: [String: [String]] = [:]
        for (kind, value, check) in [
            ("isbn", isbn, MatchKeys.isbn), ("issn", issn, MatchKeys.issn), ("oclc", oclc, MatchKeys.oclc),
        ] as [(String, String?, (String) -> String?)] {
            guard let value else { continue }
            guard check(value) != nil else {
                return .failure(Reason("the \(kind) column holds \"\(value)\", which is no \(kind.uppercased())"))
            }
            identifiers[kind] = [value]
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
struct CSVRows: IteratorProtocol {
    struct Row {
        var fields: [String]
        var line: Int
        var problem: String?
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1

    init(_ text: String) {
        self.scalars = Array(text.unicodeScalars)
        if self.scalars.first == "\u{FEFF}" { self.position = 1 }
    }

    mutating func next() -> Row? {
        guard self.position < self.scalars.count else { return nil }
        var row = Row(fields: [], line: self.line)
        var field = String.UnicodeScalarView()
        var quoted = false
        while self.position < self.scalars.count {
            let scalar = self.scalars[self.position]
            self.position += 1
            if quoted {
                if scalar == "\"" {
                    if self.position < self.scalars.count, self.scalars[self.position] == "\"" {
                        field.append("\"")
                        self.position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { self.line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
            case ",":
                row.fields.append(String(field))
                field = String.UnicodeScalarView()
            case "\r":
                continue
            case "\n":
                self.line += 1
                row.fields.append(String(field))
                return row
            default:
                field.append(scalar)
            }
        }
        if quoted { row.problem = "a quoted field is never closed" }
        row.fields.append(String(field))
        return row
    }
}
