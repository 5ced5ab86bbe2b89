import Testing

@testable import InterloanCore

/// A holdings file's format is told by its first bytes, whatever it is called.
@Suite struct HoldingsFormatTests {
    @Test func eachFormatIsKnownByItsStart() {
        #expect(HoldingsFormat.detect(MARCHoldingsTests.saltAtlas) == .iso2709)
        #expect(HoldingsFormat.detect(Array("\u{FEFF}\n  <?xml version=\"1.0\"?><collection/>".utf8)) == .marcxml)
        #expect(HoldingsFormat.detect(Array("<marc:collection>".utf8)) == .marcxml)
        #expect(HoldingsFormat.detect(Array("title,author,isbn,issn,oclc,call_number,lendable\n".utf8)) == .csv)
        #expect(HoldingsFormat.detect(Array("title,isbn\r\nA,1\r\n".utf8)) == .csv)
    }

    @Test func whatIsNoneOfThemIsNotGuessed() {
        #expect(HoldingsFormat.detect([]) == nil)
        #expect(HoldingsFormat.detect(Array(" \n\t".utf8)) == nil)
        #expect(HoldingsFormat.detect(Array("%PDF-1.7\n".utf8)) == nil)
        #expect(HoldingsFormat.detect([0x50, 0x4B, 0x03, 0x04, 0x2C, 0x00]) == nil, "a zip (xlsx) file")
        #expect(HoldingsFormat.detect(Array("12345 is not a leader but digits".utf8)) == nil)
        // Digits then a comma: a CSV without the leader's fixed positions.
        #expect(HoldingsFormat.detect(Array("00123,title\n".utf8)) == .csv)
    }

    @Test func aLeaderNeedsItsFixedPositions() {
        var leader = Array("00714cam a2200205 a 4500".utf8)
        #expect(HoldingsFormat.detect(leader) == .iso2709)
        leader[10] = UInt8(ascii: "9")
        #expect(HoldingsFormat.detect(leader) == .iso2709, "the entry map alone is enough")
        leader[20] = UInt8(ascii: "9")
        #expect(HoldingsFormat.detect(leader) == nil)
    }
}
