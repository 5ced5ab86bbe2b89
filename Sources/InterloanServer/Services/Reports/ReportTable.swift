import Foundation
import InterloanCore
import Vapor

/// A report's figures as one table: named columns and rows of fields. JSON and CSV are both written from it, so
/// the two always carry the same figures.
struct ReportTable: Sendable {
    let columns: [String]
    let rows: [[CSVField]]

    /// The table as CSV: a header line of the column names, then one line per row.
    var csv: String {
        CSVText.line(self.columns.map(CSVField.text)) + self.rows.map(CSVText.line).joined()
    }
}

/// A report as JSON: what was asked, then each row as an object keyed by the table's column names (numbers as
/// numbers, empty figures as null).
struct ReportDocument: Content {
    let report: String
    let from: String
    let to: String
    let library: String?
    let region: String?
    let serviceType: String?
    /// The period's months whose figures are closed (`YYYY-MM`): later events do not change them.
    let closedMonths: [String]
    let columns: [String]
    let rows: [Row]

    struct Row: Codable, Sendable {
        let values: [(String, CSVField)]

        init(values: [(String, CSVField)]) {
            self.values = values
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            self.values = try container.allKeys.map { key in
                if try container.decodeNil(forKey: key) { return (key.stringValue, .empty) }
                if let number = try? container.decode(Double.self, forKey: key) {
                    return (key.stringValue, .number(String(number)))
                }
                return (key.stringValue, .text(try container.decode(String.self, forKey: key)))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, field) in self.values {
                let key = Key(stringValue: name)
                switch field {
                case .empty: try container.encodeNil(forKey: key)
                case .text(let text): try container.encode(text, forKey: key)
                case .number(let digits):
                    if let whole = Int(digits) {
                        try container.encode(whole, forKey: key)
                    } else {
                        try container.encode(Double(digits) ?? 0, forKey: key)
                    }
                }
            }
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(_ table: ReportTable, query: ReportQuery, closedMonths: [String]) {
        self.closedMonths = closedMonths
        self.report = query.name.rawValue
        self.from = query.period.from.description
        self.to = query.period.to.description
        self.library = query.library
        self.region = query.region
        self.serviceType = query.scope.serviceType?.rawValue
        self.columns = table.columns
        self.rows = table.rows.map { Row(values: Array(zip(table.columns, $0))) }
    }
}
