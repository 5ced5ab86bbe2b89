/// Under which terms a borrowing library asks for a copy, as US libraries record it (CONTU, 1976): within the
/// guidelines, under copyright law beyond them (a fee paid or permission held), or some other basis with a note.
public enum CopyrightCompliance: String, Sendable, CaseIterable, Codable {
    /// The CONTU guidelines: counted in the "rule of five".
    case usCCG = "US-CCG"
    /// Copyright law: beyond the guidelines, with a fee paid or permission; not counted.
    case usCCL = "US-CCL"
    /// Another basis, explained in a note (a licence, public domain, a country's own rules).
    case other
}

/// The guidelines' numbers: in one calendar year, at most `copiesPerTitle` copies of articles published within
/// `publicationYears` years before the request, from one periodical title; records kept until the end of the
/// `retentionYears`th full calendar year after.
public struct CopyrightRules: Sendable, Equatable {
    public var copiesPerTitle: Int
    public var publicationYears: Int
    public var retentionYears: Int

    public init(copiesPerTitle: Int = 5, publicationYears: Int = 5, retentionYears: Int = 3) {
        self.copiesPerTitle = copiesPerTitle
        self.publicationYears = publicationYears
        self.retentionYears = retentionYears
    }

    /// CONTU's "rule of five".
    public static let usContu = CopyrightRules()
}
