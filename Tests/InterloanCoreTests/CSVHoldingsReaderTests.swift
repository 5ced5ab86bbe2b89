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
        #expect(
            file.rejections.map(\.description) == [
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
        let file = CSVHoldingsReader.read(
            "lendable,isbn,title,author,issn,oclc,call_number\r\nno,9780198526636,A,,,,\r\n")
        #expect(file.holdings.count == 1)
        #expect(file.holdings.first?.lendable == false)
        #expect(file.holdings.first?.keys.first == "isbn:9780198526636")
    }

    /// Rows the pieces would cut wrongly if they split on line breaks alone: a quoted field over three lines,
    /// a quote inside an unquoted field (literal), a doubled quote, an empty quoted field then a quote.
    static let awkwardRows = [
        "Plain,a,0198526636,,,,yes",
        "\"Over\nthree\nlines\",b,,,42,,yes",
        "5\" disk,c,,,43,,yes",
        "\"Say \"\"hi\"\"\",d,,,44,,no",
        "\"\"\",\n\",e,,,45,,yes",
        "Bad,f,12,,,,yes",
    ]

    @Test func piecesHoldTheSameRowsAsOneReadingWhereverTheyAreCut() {
        let text =
            "title,author,isbn,issn,oclc,call_number,lendable\n"
            + (0..<40).map { Self.awkwardRows[$0 % 6] + "\n" }.joined()
        let bytes = Array(text.utf8)
        func rows(_ rows: CSVRows) -> [String] {
            var rows = rows
            return Array(AnyIterator { rows.next() }).map { "\($0.line) \($0.fields) \($0.problem ?? "")" }
        }
        let whole = rows(CSVRows(bytes))
        for count in 2...9 {
            var header = CSVRows(bytes)
            let first = header.next().map { "\($0.line) \($0.fields) \($0.problem ?? "")" }
            let pieces = header.pieces(count: count)
            #expect(pieces.count == count)
            let joined = [first!] + pieces.flatMap { rows(CSVRows(bytes, range: $0.range, line: $0.line)) }
            #expect(joined == whole, "\(count) pieces")
        }
    }

    @Test func aLargeFileReadOnEveryCoreKeepsItsOrderAndLines() {
        // About 3 MB: read in pieces on a machine with more than one core.
        let rows = (0..<60_000).map { Self.awkwardRows[$0 % 6] }
        let file = CSVHoldingsReader.read(
            "title,author,isbn,issn,oclc,call_number,lendable\n" + rows.map { $0 + "\n" }.joined())
        #expect(file.recordsRead == 60_000)
        #expect(file.holdings.count == 50_000)
        // Each group of six rows takes nine lines; its "Bad" row starts on the group's ninth.
        #expect(file.rejections.map(\.position) == (0..<10_000).map { "line \($0 * 9 + 10)" })
        #expect(file.holdings.map(\.author) == (0..<50_000).map { ["a", "b", "c", "d", "e"][$0 % 5] })
    }

    @Test func bytesThatAreNoUTF8BecomeReplacementCharactersInTheirFieldOnly() {
        let bytes =
            Array("title,author,isbn,issn,oclc,call_number,lendable\nSalt ".utf8) + [0xC3, 0x28]
            + Array(" atlas,Fairweather,0198526636,,,,yes\n".utf8)
        let file = CSVHoldingsReader.read(bytes: bytes)
        #expect(file.holdings.map(\.title) == ["Salt \u{FFFD}( atlas"])
        #expect(file.holdings.first?.author == "Fairweather")
        #expect(file.holdings.first?.keys.first == "isbn:9780198526636")
    }
}
