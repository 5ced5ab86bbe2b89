/// What an OpenURL says about the item wanted, in the names of a request's fields, with what could not be read.
/// It only ever prefills a form: it carries no identity and places nothing.
public struct OpenURLCitation: Sendable, Equatable, Codable {
    /// `1.0` (Z39.88-2004 KEV, `rft.*` keys) or `0.1` (bare keys such as `genre`, `title`, `aulast`).
    public var version = "0.1"
    /// `loan` or `copy`: a copy when the link is for an article or a chapter.
    public var serviceType = "loan"
    public var genre: String?
    public var title: String?
    public var author: String?
    public var isbn: String?
    public var issn: String?
    public var oclcNumber: String?
    public var articleTitle: String?
    public var journalTitle: String?
    public var volume: String?
    public var issue: String?
    public var pages: String?
    public var startPage: String?
    public var endPage: String?
    public var year: String?
    public var publisher: String?
    public var place: String?
    public var edition: String?
    public var doi: String?
    public var pmid: String?
    /// Who made the link: `rfr_id` without its `info:sid/`, or the 0.1 `sid`.
    public var referrer: String?
    /// Each thing in the link that could not be used, in words for the person filling the form.
    public var problems: [String] = []

    public init() {}

    /// The fields a request takes, as a form would be prefilled with them.
    public var requestFields: [String: String] {
        let fields: [String: String?] = [
            "title": self.title, "author": self.author, "isbn": self.isbn, "issn": self.issn,
            "oclcNumber": self.oclcNumber, "articleTitle": self.articleTitle, "journalTitle": self.journalTitle,
            "volume": self.volume, "issue": self.issue, "pages": self.pages, "serviceType": self.serviceType,
            "publicationDate": self.year,
        ]
        return fields.compactMapValues { $0 }
    }
}
