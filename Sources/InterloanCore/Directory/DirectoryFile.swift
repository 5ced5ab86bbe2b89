import Foundation

/// A consortium's libraries as an operator keeps them in a spreadsheet: CSV with a header line, one library per
/// row, columns in any order (RFC 4180 quoting). Read whole or not at all: every bad row is named, and a file
/// with any is refused, so an import never leaves half a directory.
///
/// Required columns: `symbol`, `name`, `town`, `contact_email`. Optional: `region` (a code such as `WEST`),
/// `region_name`, `member` (`true` by default; `false` for an out-of-state partner), `loan_days` (28),
/// `renewals_allowed` (true), `max_renewals` (1), `response_days` (4), `courier_route`, `delivery_days`
/// (`Mon,Wed,Fri`).
public struct DirectoryFile: Sendable, Equatable {
    /// One library's row.
    public struct Library: Sendable, Equatable {
        public var symbol: String
        public var name: String
        public var town: String
        public var contactEmail: String
        public var region: String?
        public var regionName: String?
        public var isMember = true
        public var loanDays = 28
        public var renewalsAllowed = true
        public var maxRenewals = 1
        public var responseDays = 4
        public var courierRoute: String?
        public var deliveryDays: String?
    }

    public var libraries: [Library] = []
    /// Each bad row or column, with where it is: `line 4: loan_days must be a whole number from 1 to 365`.
    public var problems: [String] = []

    public static let requiredColumns = ["symbol", "name", "town", "contact_email"]
    public static let optionalColumns = [
        "region", "region_name", "member", "loan_days", "renewals_allowed", "max_renewals", "response_days",
        "courier_route", "delivery_days",
    ]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public static func read(bytes: [UInt8]) -> DirectoryFile {
        var file = DirectoryFile()
        var rows = CSVRows(bytes)
        guard let header = rows.next() else {
            file.problems.append(
                "line 1: the file is empty; it needs a header with \(Self.requiredColumns.joined(separator: ","))")
            return file
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = Self.requiredColumns.filter { !names.contains($0) }
        let unknown = names.filter { !Self.requiredColumns.contains($0) && !Self.optionalColumns.contains($0) }
        if !missing.isEmpty { file.problems.append("line 1: the header lacks \(missing.joined(separator: ", "))") }
        if !unknown.isEmpty {
            file.problems.append(
                "line 1: unknown columns \(unknown.joined(separator: ", ")) (known: "
                    + (Self.requiredColumns + Self.optionalColumns).joined(separator: ", ") + ")")
        }
        guard file.problems.isEmpty else { return file }
        var seen: [String: Int] = [:]
        while let row = rows.next() {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if let problem = row.problem {
                file.problems.append("line \(row.line): \(problem)")
                continue
            }
            guard row.fields.count == names.count else {
                file.problems.append("line \(row.line): \(row.fields.count) fields where the header has \(names.count)")
                continue
            }
            var values: [String: String] = [:]
            for (name, field) in zip(names, row.fields) {
                values[name] = field.trimmingCharacters(in: .whitespaces)
            }
            var reader = RowReader(values: values, line: row.line)
            let library = reader.library()
            file.problems += reader.problems
            guard let library, reader.problems.isEmpty else { continue }
            if let earlier = seen[library.symbol] {
                file.problems.append("line \(row.line): \(library.symbol) is already on line \(earlier)")
                continue
            }
            seen[library.symbol] = row.line
            file.libraries.append(library)
        }
        if file.libraries.isEmpty && file.problems.isEmpty { file.problems.append("the file lists no library") }
        return file
    }
}

/// Reads and checks one row's values, collecting a problem for each bad one.
private struct RowReader {
    let values: [String: String]
    let line: Int
    var problems: [String] = []

    mutating func library() -> DirectoryFile.Library? {
        let symbol = self.text("symbol").uppercased()
        if !(2...16).contains(symbol.count)
            || !symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            self.problem("symbol must be 2 to 16 letters, digits or hyphens (got '\(symbol.prefix(40))')")
        }
        let name = self.required("name", limit: 200)
        let town = self.required("town", limit: 100)
        let email = self.required("contact_email", limit: 254)
        if !email.isEmpty, !EmailAddress.isValid(email) {
            self.problem("contact_email is not an email address ('\(email.prefix(60))')")
        }
        var library = DirectoryFile.Library(symbol: symbol, name: name, town: town, contactEmail: email)
        let region = self.text("region").uppercased()
        if !region.isEmpty {
            if region.count > 16 || !region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                self.problem("region must be a code of up to 16 letters or digits (got '\(region.prefix(40))')")
            }
            library.region = region
        }
        library.regionName = self.optional("region_name", limit: 100)
        library.isMember = self.flag("member", default: true)
        library.loanDays = self.number("loan_days", in: 1...365, default: 28)
        library.renewalsAllowed = self.flag("renewals_allowed", default: true)
        library.maxRenewals = self.number("max_renewals", in: 0...10, default: 1)
        library.responseDays = self.number("response_days", in: 1...30, default: 4)
        library.courierRoute = self.optional("courier_route", limit: 60)
        if let days = self.optional("delivery_days", limit: 40) {
            let parts = days.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            if parts.isEmpty || !parts.allSatisfy({ DirectoryFile.weekdays.contains($0) }) {
                self.problem("delivery_days must be weekdays such as Mon,Wed,Fri (got '\(days)')")
            }
            library.deliveryDays = parts.joined(separator: ",")
        }
        if library.isMember, library.region == nil { self.problem("a member library needs a region") }
        return self.problems.isEmpty ? library : nil
    }

    private func text(_ column: String) -> String { self.values[column] ?? "" }

    private mutating func problem(_ text: String) {
        self.problems.append("line \(self.line): \(text)")
    }

    private mutating func required(_ column: String, limit: Int) -> String {
        let value = self.text(column)
        if value.isEmpty { self.problem("\(column) is empty") }
        if value.count > limit { self.problem("\(column) is longer than \(limit) characters") }
        return value
    }

    private mutating func optional(_ column: String, limit: Int) -> String? {
        let value = self.text(column)
        if value.count > limit { self.problem("\(column) is longer than \(limit) characters") }
        return value.isEmpty ? nil : value
    }

    private mutating func flag(_ column: String, default fallback: Bool) -> Bool {
        switch self.text(column).lowercased() {
        case "": return fallback
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            self.problem("\(column) must be true or false")
            return fallback
        }
    }

    private mutating func number(_ column: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
        let value = self.text(column)
        if value.isEmpty { return fallback }
        guard value.count <= 4, let number = Int(value), range.contains(number) else {
            self.problem("\(column) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return number
    }
}
