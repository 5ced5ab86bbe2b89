import InterloanCore
import Testing

/// OpenURL normalisation, one rule per case, and links written to hurt: each reads what it can and names the rest.
@Suite struct OpenURLNormalizerTests {
    @Test(
        arguments: [
            (
                "genre=article&title=Journal+of+Salt&atitle=Brine&volume=4&issue=2&pages=33-41&date=1999-05",
                [
                    "serviceType": "copy", "title": "Journal of Salt", "journalTitle": "Journal of Salt",
                    "articleTitle": "Brine", "volume": "4", "issue": "2", "pages": "33-41", "publicationDate": "1999",
                ]
            ),
            (
                "genre=bookitem&title=Collected+Essays&atitle=On+Tides&spage=7&epage=19",
                [
                    "serviceType": "copy", "title": "Collected Essays", "articleTitle": "On Tides", "pages": "7-19",
                ]
            ),
            (
                "title=A+Book&aulast=Doe&aufirst=Jan&isbn=0-306-40615-2",
                [
                    "serviceType": "loan", "title": "A Book", "author": "Doe, Jan", "isbn": "0-306-40615-2",
                ]
            ),
            (
                "rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.jtitle=Tides&rft.atitle=Ebb&rft_id=info:doi/10.1000/182",
                [
                    "serviceType": "copy", "title": "Tides", "journalTitle": "Tides", "articleTitle": "Ebb",
                ]
            ),
        ] as [(String, [String: String])])
    func zeroPointOneAndOnePointZeroFillTheSameFields(query: String, fields: [String: String]) {
        #expect(OpenURLNormalizer.normalize(query).requestFields == fields)
    }

    @Test func identifiersComeFromRftIdAndId() {
        let citation = OpenURLNormalizer.normalize(
            "rft.title=T&rft_id=info:doi/10.1000/182&rft_id=info:pmid/12345&rft_id=info:oclcnum/ocm987&rft_id=urn:ISSN:1234-5679"
        )
        #expect(citation.doi == "10.1000/182")
        #expect(citation.pmid == "12345")
        #expect(citation.oclcNumber == "ocm987")
        #expect(citation.issn == "1234-5679")
        let old = OpenURLNormalizer.normalize("title=T&id=doi:10.5555/abc&id=pmid:777")
        #expect(old.doi == "10.5555/abc")
        #expect(old.pmid == "777")
        #expect(old.version == "0.1")
    }

    @Test func repeatedKeysKeepTheFirstValueAndTheFirstPlausibleIdentifier() {
        let citation = OpenURLNormalizer.normalize(
            "title=First&title=Second&isbn=abc&isbn=9780521829922&isbn=0521829925")
        #expect(citation.title == "First")
        #expect(citation.isbn == "9780521829922")
        #expect(citation.problems.isEmpty)
    }

    @Test func pagesAreSplitAtAnyDash() {
        #expect(OpenURLNormalizer.normalize("title=T&pages=101%E2%80%93120").startPage == "101")
        #expect(OpenURLNormalizer.normalize("title=T&pages=101%E2%80%93120").endPage == "120")
        #expect(OpenURLNormalizer.normalize("title=T&pages=xii").pages == "xii")
        #expect(OpenURLNormalizer.normalize("title=T&spage=5&epage=5").pages == "5")
    }

    @Test func keysAreReadWhateverTheirCaseAndEmptyOnesAreDropped() {
        let citation = OpenURLNormalizer.normalize("TITLE=Loud&Volume=&ISSN=1234-5679&=orphan&&genre=")
        #expect(citation.title == "Loud")
        #expect(citation.volume == nil)
        #expect(citation.issn == "1234-5679")
        #expect(citation.genre == nil)
        #expect(citation.problems.isEmpty)
    }

    @Test func whatCannotBeReadIsNamedAndTheRestIsKept() {
        let citation = OpenURLNormalizer.normalize(
            "title=Kept&isbn=12&issn=nope&date=someday&genre=scroll&rft_id=info:pmid/x1")
        #expect(citation.title == "Kept")
        #expect(citation.isbn == nil)
        #expect(
            citation.problems == [
                "the genre “scroll” is not an OpenURL genre and was left out",
                "“12” is not a valid ISBN and was left out",
                "“nope” is not a valid ISSN and was left out",
                "“x1” is not a valid PubMed id and was left out",
                "the date “someday” has no year",
            ])
    }

    @Test func garbageGivesNoTitleAndSaysSo() {
        for query in ["", "&&&", "%%%", "=x", "title", "a=%ZZ&b=%", String(repeating: "%", count: 5000)] {
            let citation = OpenURLNormalizer.normalize(query)
            #expect(citation.title == nil)
            #expect(citation.problems.last == "the link names no title")
        }
    }

    @Test func brokenEscapesAndControlCharactersAreReadAsText() {
        let citation = OpenURLNormalizer.normalize("title=100%25+cotton%ZZ%0D%0ASet-Cookie:x%FF")
        #expect(citation.title == "100% cotton%ZZ  Set-Cookie:x\u{FFFD}")
    }

    @Test func aLongValueIsLeftOutAndALongLinkIsCut() {
        let long = String(repeating: "a", count: 501)
        let citation = OpenURLNormalizer.normalize("title=Short&atitle=\(long)")
        #expect(citation.title == "Short")
        #expect(citation.articleTitle == nil)
        #expect(citation.problems == ["atitle is longer than 500 characters and was left out"])
        let huge = "title=Early&" + String(repeating: "x=1&", count: 10_000) + "author=Late"
        let cut = OpenURLNormalizer.normalize(huge)
        #expect(cut.title == "Early")
        #expect(cut.author == nil)
        #expect(cut.problems.contains("the link is longer than 16 KiB; the rest was not read"))
        #expect(cut.problems.contains { $0.hasPrefix("the link has more than 256 fields") })
    }

    @Test func wrappersNestOnlySoDeep() {
        var link = "title=Deep"
        for _ in 0..<8 {
            link = "url=" + "https://example.org/x?\(link)".addingPercentEncodingForQuery
        }
        let citation = OpenURLNormalizer.normalize(link)
        #expect(citation.title == nil, "eight wrappers are more than any real link has")
        var shallow = "title=Shallow"
        for _ in 0..<3 {
            shallow = "targetURL=" + "http://example.org/y?\(shallow)".addingPercentEncodingForQuery
        }
        #expect(OpenURLNormalizer.normalize(shallow).title == "Shallow")
    }
}

extension String {
    fileprivate var addingPercentEncodingForQuery: String {
        var allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        allowed.remove(UInt8(ascii: "%"))
        return self.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
    }
}
