import Testing

@testable import InterloanCore

@Suite struct CSVHoldingsReaderTests {
    @Test func goodRowsBecomeHoldingsAndBadRowsAreReportedByLine() {
        let text = #"""
            title,author,isbn,issn,oclc,call_number,lendable
            The Salt Atlas,"Fairweather, Quinn",0-19-852663-6 (pbk.),,ocm00012345,912 FAI,yes
            Tide Tables,,12,,,,yes
            ,,,,,,
            "Quoted ""title""",,,0028-0836,,,no
            Only title
            Harbour Lights,,,,,,maybe

            No identifiers at all,Reyes,,,,,
            """#
        let file = CSVHoldingsReader.read(text)
        #expect(file.recordsRead == 7)
        #expect(file.holdings.map(\.title) == ["The Salt Atlas", "Quoted \"title\"", "No identifiers at all"])
        #expect(file.holdings[0].keys == ["isbn:9780198526636", "oclc:12345", "ta:salt atlas|fairweather"])
        #expect(file.holdings[0].author == "Fairweather, Quinn")
        #expect(file.holdings[1].lendable == false)
        #expect(file.holdings[1].keys.first == "issn:0028-0836")
        #expect(file.rejections.map(\.description) == [
            "line 3: the isbn column holds \"12\", which is no ISBN",
            "line 4: a holding needs a title or an identifier",
            "line 6: 1 fields where the header has 7",
            "line 7: lendable is \"maybe\"; write yes or no",
        ])
    }

    @Test func aFileWithoutTheHeaderIsRefusedAtLineOne() {
        let file = CSVHoldingsReader.read("name,isbn\nThe Salt Atlas,0198526636\n")
        #expect(file.holdings.isEmpty)
        #expect(file.rejections.first?.position == "line 1")
        #expect(file.rejections.first?.reason.contains("title, author, issn, oclc, call_number, lendable") == true)
    }

    @Test func columnsMayComeInAnyOrderAndLinesMayEndInCRLF() {
        let file = CSVHoldingsReader.read("lendable,isbn,title,author,issn,oclc,call_number\r\nno,9780198526636,A,,,,\r\n")
        #expect(file.holdings.count == 1)
        #expect(file.holdings.first?.lendable == false)
        #expect(file.holdings.first?.keys.first == "isbn:9780198526636")
    }
}
