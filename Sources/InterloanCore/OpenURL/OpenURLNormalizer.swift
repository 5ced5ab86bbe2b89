/// Reads an OpenURL query, 1.0 KEV or 0.1 or a mix of both, wrapped in other links or not, into a citation:
/// values trimmed, empty keys dropped, the first value of a repeated key kept (the first plausible one for
/// identifiers), catalogue punctuation stripped, the year taken from the date and the pages split.
public enum OpenURLNormalizer {
    /// The longest query read; what follows is left unread, and said so.
    public static let maximumQueryBytes = 16_384
    /// The longest value a request field takes.
    public static let maximumValueLength = 500

    public static let genres: Set = [
        "book", "bookitem", "article", "journal", "issue", "proceeding", "conference", "preprint", "report",
        "dissertation", "document", "unknown", "chapter",
    ]
    static let copyGenres: Set = ["article", "bookitem", "chapter", "proceeding", "preprint"]
    static let journalGenres: Set = ["journal", "issue", "conference", "article", "preprint", "proceeding"]

    /// The citation in `query` (a URL's query without its `?`, or a form body).
    public static func normalize(_ query: String) -> OpenURLCitation {
        var citation = OpenURLCitation()
        var query = query
        if query.utf8.count > Self.maximumQueryBytes {
            query = String(decoding: query.utf8.prefix(Self.maximumQueryBytes), as: UTF8.self)
            citation.problems.append(
                "the link is longer than \(Self.maximumQueryBytes / 1024) KiB; the rest was not read")
        }
        let inner = WrappedLink.innermost(query).query
        let parsed = QueryPairs(inner.utf8[...])
        if parsed.dropped > 0 {
            citation.problems.append("the link has more than 256 fields; \(parsed.dropped) were not read")
        }
        var fields = KeyValues(parsed.pairs)
        Self.read(&fields, into: &citation)
        citation.problems.append(contentsOf: fields.problems)
        if citation.title == nil {
            citation.problems.append("the link names no title")
        }
        return citation
    }

    private static func read(_ fields: inout KeyValues, into citation: inout OpenURLCitation) {
        let isVersion1 =
            fields.first("url_ver", "ctx_ver") == "Z39.88-2004" || fields.hasKey { $0.hasPrefix("rft") }
        citation.version = isVersion1 ? "1.0" : "0.1"
        let format = fields.first("rft_val_fmt").map { String($0.split(separator: ":").last ?? "") }
        if let genre = fields.first("rft.genre", "genre")?.lowercased() {
            if Self.genres.contains(genre) {
                citation.genre = genre
            } else {
                fields.problems.append("the genre “\(genre)” is not an OpenURL genre and was left out")
            }
        }
        let articleTitle = fields.text("rft.atitle", "atitle")
        // In 0.1, and loosely in 1.0, `title` is the title of whatever holds the item: a journal for an article,
        // a book for a chapter.
        let isJournal: Bool
        if let genre = citation.genre {
            isJournal = Self.journalGenres.contains(genre) || (genre == "unknown" && articleTitle != nil)
        } else {
            isJournal = format == "journal" || (format != "book" && articleTitle != nil)
        }
        let journalTitle =
            isJournal
            ? fields.text("rft.jtitle", "rft.title", "title", "rft.stitle", "stitle") : fields.text("rft.jtitle")
        let bookTitle = isJournal ? fields.text("rft.btitle") : fields.text("rft.btitle", "rft.title", "title")
        citation.articleTitle = articleTitle
        citation.journalTitle = journalTitle
        citation.title = bookTitle ?? journalTitle ?? articleTitle
        let isCopy = citation.genre.map(Self.copyGenres.contains) ?? (articleTitle != nil)
        citation.serviceType = isCopy ? "copy" : "loan"

        citation.author = Self.author(&fields)
        Self.readIdentifiers(&fields, into: &citation)
        citation.volume = fields.text("rft.volume", "volume")
        citation.issue = fields.text("rft.issue", "issue")
        Self.readPages(&fields, into: &citation)
        if let date = fields.first("rft.date", "date") {
            citation.year = Self.year(in: date)
            if citation.year == nil { fields.problems.append("the date “\(date)” has no year") }
        }
        citation.publisher = fields.text("rft.pub", "pub")
        citation.place = fields.text("rft.place", "place")
        citation.edition = fields.text("rft.edition", "edition")
        if let referrer = fields.first("rfr_id", "sid") {
            citation.referrer = referrer.hasPrefix("info:sid/") ? String(referrer.dropFirst(9)) : referrer
        }
    }

    private static func author(_ fields: inout KeyValues) -> String? {
        if let whole = fields.text("rft.au", "au") { return whole }
        if let last = fields.text("rft.aulast", "aulast") {
            guard let first = fields.text("rft.aufirst", "aufirst", "rft.auinit", "auinit") else { return last }
            return "\(last), \(first)"
        }
        return fields.text("rft.creator", "rft.aucorp", "aucorp")
    }

    private static func readIdentifiers(_ fields: inout KeyValues, into citation: inout OpenURLCitation) {
        var isbns = fields.all("rft.isbn", "isbn")
        var issns = fields.all("rft.issn", "rft.eissn", "issn", "eissn")
        var oclcNumbers: [String] = []
        var dois = fields.all("rft.doi")
        var pmids = fields.all("rft.pmid", "pmid")
        for id in fields.all("rft_id", "id") {
            let lowered = id.lowercased()
            for (prefix, apply) in [
                ("info:doi/", { dois.append($0) }), ("doi:", { dois.append($0) }),
                ("info:pmid/", { pmids.append($0) }), ("pmid:", { pmids.append($0) }),
                ("info:oclcnum/", { oclcNumbers.append($0) }), ("urn:isbn:", { isbns.append($0) }),
                ("urn:issn:", { issns.append($0) }),
            ] as [(String, (String) -> Void)] where lowered.hasPrefix(prefix) {
                let value = String(id.dropFirst(prefix.count)).trimmed
                if !value.isEmpty { apply(value) }
                break
            }
        }
        citation.isbn = Self.plausible("ISBN", isbns, &fields.problems, Identifiers.isPlausibleISBN)
        citation.issn = Self.plausible("ISSN", issns, &fields.problems, Identifiers.isPlausibleISSN)
        citation.oclcNumber = Self.plausible(
            "OCLC number", oclcNumbers, &fields.problems, Identifiers.isPlausibleOCLCNumber)
        citation.doi = Self.plausible("DOI", dois, &fields.problems) { $0.hasPrefix("10.") && $0.count <= 300 }
        citation.pmid = Self.plausible("PubMed id", pmids, &fields.problems) {
            (1...12).contains($0.count) && $0.allSatisfy(\.isASCIIDigit)
        }
    }

    /// The first candidate that passes `check`; when none does, the first is named as unreadable.
    private static func plausible(
        _ name: String, _ candidates: [String], _ problems: inout [String], _ check: (String) -> Bool
    ) -> String? {
        if let found = candidates.first(where: check) { return found }
        if let first = candidates.first {
            problems.append("“\(first.prefix(60))” is not a valid \(name) and was left out")
        }
        return nil
    }

    private static func readPages(_ fields: inout KeyValues, into citation: inout OpenURLCitation) {
        var start = fields.text("rft.spage", "spage")
        var end = fields.text("rft.epage", "epage")
        if let pages = fields.text("rft.pages", "pages") {
            let parts = pages.split(whereSeparator: { "-–—".contains($0) }).map { String($0).trimmed }
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                start = start ?? parts[0]
                end = end ?? parts[1]
            } else {
                start = start ?? pages
            }
        }
        citation.startPage = start
        citation.endPage = end
        switch (start, end) {
        case (let start?, let end?) where start != end: citation.pages = "\(start)-\(end)"
        case (let start?, _): citation.pages = start
        default: citation.pages = nil
        }
    }

    /// The first run of four digits from 1000 to 2999 in a date such as `1992`, `c2000`, `2005-03-01`, `Spring 1999`.
    static func year(in date: String) -> String? {
        let scalars = Array(date.unicodeScalars.prefix(200))
        var index = 0
        while index < scalars.count {
            guard ("0"..."9").contains(scalars[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            if end - index == 4, ("1"..."2").contains(scalars[index]) {
                return String(String.UnicodeScalarView(scalars[index..<end]))
            }
            index = end
        }
        return nil
    }
}

extension String {
    var trimmed: String { self.trimmingCharacters(in: .whitespacesAndNewlines) }
}
