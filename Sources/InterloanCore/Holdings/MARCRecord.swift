/// A MARC 21 bibliographic record as the holdings readers see it, whether it came as MARCXML or ISO 2709.
public struct MARCRecord: Sendable, Equatable {
    public struct DataField: Sendable, Equatable {
        public var tag: String
        public var subfields: [(code: Character, value: String)]

        public init(tag: String, subfields: [(code: Character, value: String)]) {
            self.tag = tag
            self.subfields = subfields
        }

        public func first(_ code: Character) -> String? {
            self.subfields.first { $0.code == code }?.value
        }

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.tag == rhs.tag
                && lhs.subfields.map { "\($0.code)\($0.value)" } == rhs.subfields.map { "\($0.code)\($0.value)" }
        }
    }

    public var controlFields: [String: String]
    public var dataFields: [DataField]

    public init(controlFields: [String: String] = [:], dataFields: [DataField] = []) {
        self.controlFields = controlFields
        self.dataFields = dataFields
    }

    public func fields(_ tag: String) -> [DataField] {
        self.dataFields.filter { $0.tag == tag }
    }
}

/// What a bibliographic record says about one library's holding: title and author (245, 100/110/111), ISBNs
/// (020 $a), ISSNs (022 $a), OCLC numbers (035 $a with an `(OCoLC)` prefix, or 001 when 003 is `OCoLC`), and
/// the holdings themselves: 852 (call number $h $i), or the local fields systems use instead, 949 and 999 ($a
/// call number) and Koha's 952 ($o call number, $7 not-for-loan code). A holding is not lendable when a
/// holdings field says "not for loan", "non-circulating" or "reference" in $z or $x, or Koha's $7 is not 0.
public enum MARCHoldings {
    static let holdingsTags = ["852", "949", "952", "999"]

    public static func holding(from record: MARCRecord) -> Result<Holding, HoldingsFile.Rejection.Reason> {
        let holdingsFields = record.dataFields.filter { Self.holdingsTags.contains($0.tag) }
        guard !holdingsFields.isEmpty else {
            return .failure(.init("no holdings field (852, or local 949, 952 or 999)"))
        }
        let titleField = record.fields("245").first
        let title = [titleField?.first("a"), titleField?.first("b")].compactMap { $0 }.joined(separator: " ")
            .trimmingTrailingPunctuation()
        let author = (record.fields("100").first ?? record.fields("110").first ?? record.fields("111").first)?.first(
            "a")?
            .trimmingTrailingPunctuation()
        var identifiers: [String: [String]] = [:]
        identifiers["isbn"] = record.fields("020").compactMap { $0.first("a") }
        identifiers["issn"] = record.fields("022").compactMap { $0.first("a") }
        var oclc = record.fields("035").compactMap { $0.first("a") }.filter { $0.hasPrefix("(OCoLC)") }
        if record.controlFields["003"] == "OCoLC", let number = record.controlFields["001"] { oclc.append(number) }
        identifiers["oclc"] = oclc
        guard !title.isEmpty || !(identifiers.values.allSatisfy(\.isEmpty)) else {
            return .failure(.init("neither a title (245) nor an identifier (020, 022, 035)"))
        }
        let first = holdingsFields[0]
        let callNumber: String?
        switch first.tag {
        case "852": callNumber = [first.first("h"), first.first("i")].compactMap { $0 }.joined(separator: " ")
        case "952": callNumber = first.first("o")
        default: callNumber = first.first("a")
        }
        let lendable = holdingsFields.contains { field in
            let notes = [field.first("z"), field.first("x")].compactMap { $0?.lowercased() }
            let restricted = notes.contains { note in
                ["not for loan", "non-circulating", "noncirculating", "reference"].contains { note.contains($0) }
            }
            let kohaNotForLoan = field.tag == "952" && (field.first("7").map { $0 != "0" } ?? false)
            return !restricted && !kohaNotForLoan
        }
        return .success(
            Holding(
                title: title.isEmpty ? nil : title, author: author,
                callNumber: callNumber?.isEmpty == true ? nil : callNumber,
                lendable: lendable, identifiers: identifiers))
    }
}

extension HoldingsFile.Rejection {
    /// Why a record was skipped.
    public struct Reason: Error, Sendable, Equatable {
        public let text: String

        public init(_ text: String) {
            self.text = text
        }
    }
}

extension String {
    /// Catalogue punctuation (" /", " :", ",", ".") removed from the end of a field.
    func trimmingTrailingPunctuation() -> String {
        var text = Substring(self)
        while let last = text.last, [" ", "/", ":", ";", ",", ".", "="].contains(last) { text = text.dropLast() }
        return String(text)
    }
}
