import Foundation
import InterloanCore
import Testing

/// The nine real OpenURL lines (FirstSearch and UBorrow links from mod-rs, VuFind's own output), each read into
/// the fields a request form is prefilled with.
@Suite struct OpenURLSampleTests {
    /// The sample lines in file order, each reduced to its query as a browser following it would send.
    static let samples: [String] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/openurl/samples.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            guard line.hasPrefix("http"), let mark = line.firstIndex(of: "?") else { return String(line) }
            return String(line[line.index(after: mark)...])
        }
    }()

    @Test func allNineAreRead() {
        #expect(Self.samples.count == 9)
        for sample in Self.samples {
            #expect(OpenURLNormalizer.normalize(sample).title != nil)
        }
    }

    @Test func aFirstSearchLinkBehindAnEZproxySignInIsOpened() {
        let citation = OpenURLNormalizer.normalize(Self.samples[0])
        #expect(citation.version == "1.0")
        #expect(citation.serviceType == "loan")
        #expect(citation.genre == "book")
        #expect(citation.title == "The power look at home : decorating for men")
        #expect(citation.author == "Von Furstenberg, Egon")
        #expect(citation.isbn == "9780688035990")
        #expect(citation.oclcNumber == "5677842")
        #expect(citation.year == "1980")
        #expect(citation.publisher == "Morrow")
        #expect(citation.place == "New York")
        #expect(citation.edition == "1st ed", "the catalogue's final period goes")
        #expect(citation.referrer == "firstsearch.oclc.org:WorldCat")
        #expect(citation.doi == nil, "id=doi: with nothing after it is no DOI")
        #expect(citation.problems.isEmpty)
    }

    @Test func theZeroPointOneKeysOfAFirstSearchLinkAgreeWithItsOnePointZeroKeys() {
        let citation = OpenURLNormalizer.normalize(Self.samples[2])
        #expect(citation.title == "Viking age Iceland")
        #expect(citation.author == "Byock, Jesse")
        #expect(citation.oclcNumber == "45339661")
        #expect(citation.year == "2001")
    }

    @Test func aUBorrowLinkEncodedTwiceInsideAQurlIsOpened() {
        let citation = OpenURLNormalizer.normalize(Self.samples[3])
        #expect(citation.title == "Vikings - the North Atlantic saga")
        #expect(citation.isbn == "156098970X", "the first of two ISBNs")
        #expect(citation.year == "2000", "from c2000")
        #expect(citation.referrer == "UBorrow")
        #expect(citation.author == nil)
        #expect(citation.problems == ["the genre “automated” is not an OpenURL genre and was left out"])

        let second = OpenURLNormalizer.normalize(Self.samples[4])
        #expect(second.title == "Viking empires")
        #expect(second.author == "Angelo, Forte")
        #expect(second.isbn == "9780521829922")
        #expect(second.publisher == "Cambridge University Press")
    }

    @Test func vuFindsBookLosesItsCataloguePunctuation() {
        let citation = OpenURLNormalizer.normalize(Self.samples[5])
        #expect(citation.title == "La congiura dei Principi Napoletani 1701 : (prima e seconda stesura)")
        #expect(citation.author == "Vico, Giambattista, 1668-1744")
        #expect(citation.publisher == "Centro di Studi Vichiani")
        #expect(citation.edition == "Fictional edition")
        #expect(citation.isbn == "8820737493")
        #expect(citation.year == "1992")
        #expect(citation.referrer == "vufind.svn.sourceforge.net:generator")
        #expect(citation.problems.isEmpty)
    }

    @Test func vuFindsArticleIsACopyRequest() {
        let citation = OpenURLNormalizer.normalize(Self.samples[6])
        #expect(citation.serviceType == "copy")
        #expect(citation.genre == "article")
        #expect(citation.journalTitle == "Fake Container")
        #expect(citation.title == "Fake Container")
        #expect(citation.articleTitle == "La congiura dei Principi Napoletani 1701 : (prima e seconda stesura)")
        #expect(citation.volume == "XVII")
        #expect(citation.issue == "6")
        #expect(citation.pages == "12")
        #expect(citation.issn == nil, "an empty rft.issn is dropped")
        #expect(citation.requestFields["serviceType"] == "copy")
    }

    @Test func vuFindsDublinCoreRecordsTakeTheCreatorAsAuthor() {
        let journal = OpenURLNormalizer.normalize(Self.samples[7])
        #expect(journal.author == "Vico, Giambattista, 1668-1744")
        #expect(journal.issn == "1234-5678")
        #expect(journal.year == nil)
        #expect(journal.serviceType == "loan")
        let unknown = OpenURLNormalizer.normalize(Self.samples[8])
        #expect(unknown.title == "La congiura dei Principi Napoletani 1701 : (prima e seconda stesura)")
        #expect(unknown.year == "1992")
    }
}
