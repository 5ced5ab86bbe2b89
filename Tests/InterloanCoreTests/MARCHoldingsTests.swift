import Testing

@testable import InterloanCore

/// Writes ISO 2709 records for the tests, the way catalogues export them.
enum MARCWriter {
    static func record(control: [(String, String)], data: [(String, [(Character, String)])]) -> [UInt8] {
        var directory: [UInt8] = []
        var fields: [UInt8] = []
        func add(_ tag: String, _ body: [UInt8]) {
            let bytes = body + [0x1E]
            directory += Array(tag.utf8) + Self.digits(bytes.count, 4) + Self.digits(fields.count, 5)
            fields += bytes
        }
        for (tag, value) in control { add(tag, Array(value.utf8)) }
        for (tag, subfields) in data {
            add(tag, Array("  ".utf8) + subfields.flatMap { [0x1F] + Array(String($0.0).utf8) + Array($0.1.utf8) })
        }
        let base = 24 + directory.count + 1
        let length = base + fields.count + 1
        let leader = Self.digits(length, 5) + Array("nam a22".utf8) + Self.digits(base, 5) + Array("   4500".utf8)
        return leader + directory + [0x1E] + fields + [0x1D]
    }

    static func digits(_ value: Int, _ width: Int) -> [UInt8] {
        let text = String(value)
        return Array((String(repeating: "0", count: width - text.count) + text).utf8)
    }
}

@Suite struct MARCHoldingsTests {
    static let saltAtlas = MARCWriter.record(
        control: [("001", "ocm00012345"), ("003", "OCoLC")],
        data: [
            ("020", [("a", "0198526636 (pbk.)")]), ("100", [("a", "Fairweather, Quinn,")]),
            ("245", [("a", "The salt atlas :"), ("b", "a history /")]),
            ("852", [("b", "MAIN"), ("h", "912"), ("i", "FAI")]),
        ])

    @Test func aBinaryRecordBecomesAHoldingWithItsKeys() throws {
        let file = ISO2709Reader.read(Self.saltAtlas)
        #expect(file.recordsRead == 1)
        let holding = try #require(file.holdings.first)
        #expect(holding.title == "The salt atlas : a history")
        #expect(holding.author == "Fairweather, Quinn")
        #expect(holding.callNumber == "912 FAI")
        #expect(holding.lendable)
        #expect(holding.keys == ["isbn:9780198526636", "oclc:12345", "ta:salt atlas a history|fairweather"])
    }

    @Test func aDamagedRecordIsReportedAndTheNextOneStillRead() {
        var damaged = Self.saltAtlas
        damaged.replaceSubrange(0..<5, with: Array("99999".utf8))
        let noHoldings = MARCWriter.record(control: [], data: [("245", [("a", "Tide tables")])])
        let reference = MARCWriter.record(
            control: [],
            data: [("245", [("a", "Harbour lights")]), ("999", [("a", "387 HAR"), ("z", "Reference only")])])
        let file = ISO2709Reader.read(damaged + noHoldings + Self.saltAtlas + reference)
        #expect(file.recordsRead == 4)
        #expect(file.holdings.map(\.title) == ["The salt atlas : a history", "Harbour lights"])
        #expect(file.holdings.last?.lendable == false)
        #expect(file.holdings.last?.callNumber == "387 HAR")
        #expect(
            file.rejections.map(\.description) == [
                "record 1 (byte 0): the leader gives a length of 99999 bytes, the record has \(Self.saltAtlas.count)",
                "record 2 (byte \(Self.saltAtlas.count)): no holdings field (852, or local 949, 952 or 999)",
            ])
    }

    @Test func kohaItemsMarkedNotForLoanAreNotLendable() {
        let record = MARCRecord(
            dataFields: [
                .init(tag: "245", subfields: [("a", "Atlas")]),
                .init(tag: "952", subfields: [("o", "912 ATL"), ("7", "1")]),
            ])
        let holding = try? MARCHoldings.holding(from: record).get()
        #expect(holding?.lendable == false)
        #expect(holding?.callNumber == "912 ATL")
    }
}
