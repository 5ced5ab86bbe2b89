import Foundation
import Synchronization

/// Reads holdings from CSV with the header `title,author,isbn,issn,oclc,call_number,lendable` (columns in any
/// order, RFC 4180 quoting). A bad row is reported with its line and skipped, never the whole file.
public enum CSVHoldingsReader {
    public static let columns = ["title", "author", "isbn", "issn", "oclc", "call_number", "lendable"]

    public static func read(_ text: String) -> HoldingsFile {
        self.read(bytes: Array(text.utf8))
    }

    /// The same from UTF-8 bytes, as a file arrives: each field is decoded on its own (an invalid sequence
    /// becomes U+FFFD), and the separators are ASCII, so no sequence spans two fields.
    public static func read(bytes: [UInt8]) -> HoldingsFile {
        var file = HoldingsFile()
        var rows = CSVRows(bytes)
        guard let header = rows.next() else {
            file.rejections.append(
                .init(
                    position: "line 1",
                    reason: "the file is empty; it needs the header \(Self.columns.joined(separator: ","))"))
            return file
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = Self.columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            file.rejections.append(
                .init(position: "line 1", reason: "the header lacks \(missing.joined(separator: ", "))"))
            return file
        }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Positions looked up once, not per row: this loop runs for every holding of every import.
        let layout = Layout(width: names.count, position: Self.columns.map { index[$0]! })
        let pieces = rows.pieces(count: Self.pieceCount(rows.remaining))
        // A large file is read in pieces on every core, each a whole number of rows, and joined in order.
        let parts = Mutex([HoldingsFile](repeating: HoldingsFile(), count: pieces.count))
        DispatchQueue.concurrentPerform(iterations: pieces.count) { piece in
            var rows = CSVRows(bytes, range: pieces[piece].range, line: pieces[piece].line)
            let part = Self.holdings(in: &rows, layout: layout)
            parts.withLock { $0[piece] = part }
        }
        for part in parts.withLock({ $0 }) {
            file.recordsRead += part.recordsRead
            file.holdings += part.holdings
            file.rejections += part.rejections
        }
        return file
    }

    /// Where the columns are in each row.
    private struct Layout {
        let width: Int
        /// The position of each of `columns`, in its order.
        let position: [Int]
    }

    /// One piece per core for a file worth it: a piece of 256 KB (some 2,500 rows) takes about 10 ms to read,
    /// a thousand times what starting it costs.
    private static func pieceCount(_ bytes: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, bytes / 262_144))
    }

    private static func holdings(in rows: inout CSVRows, layout: Layout) -> HoldingsFile {
        var file = HoldingsFile()
        var row = FieldBuilder()
        while let (line, problem) = rows.next(into: &row) {
            let fields = row.fields
            if fields.count == 1, fields[0].isEmpty { continue }
            file.recordsRead += 1
            if let problem {
                file.rejections.append(.init(position: "line \(line)", reason: problem))
                continue
            }
            guard fields.count == layout.width else {
                file.rejections.append(
                    .init(
                        position: "line \(line)", reason: "\(fields.count) fields where the header has \(layout.width)")
                )
                continue
            }
            func field(_ column: Int) -> String? {
                let value = fields[layout.position[column]].trimmingSpacesAndTabs
                return value.isEmpty ? nil : value
            }
            switch Self.holding(
                title: field(0), author: field(1), isbn: field(2), issn: field(3), oclc: field(4),
                callNumber: field(5), lendable: field(6))
            {
            case .success(let holding): file.holdings.append(holding)
            case .failure(let reason): file.rejections.append(.init(position: "line \(line)", reason: reason.text))
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
        if let title, let key = MatchKeys.titleAuthor(title: title, author: author, prefixedWith: "ta:") {
            keys.append(key)
        }
        return .success(Holding(title: title, author: author, callNumber: callNumber, lendable: isLendable, keys: keys))
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; cheaper than Foundation's trimming for every CSV field.
    var trimmingSpacesAndTabs: String {
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = self.utf8.first, let last = self.utf8.last, isBlank(first) || isBlank(last) else {
            return self
        }
        let trimmed = self.utf8.drop(while: isBlank)
        return String(decoding: trimmed.reversed().drop(while: isBlank).reversed(), as: UTF8.self)
    }
}
