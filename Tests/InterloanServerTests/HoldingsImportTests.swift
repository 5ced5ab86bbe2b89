import Foundation
import InterloanCore
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    @Suite struct HoldingsImportTests {
        static let header = "title,author,isbn,issn,oclc,call_number,lendable\n"

        /// One ISO 2709 record: a leader, a directory, 001, 020, 245 and 852.
        static let binaryMARC = Array(
            "00133nam a2200073   4500001001200000020001500012245001900027852001300046\u{1E}ocm00012345\u{1E}  \u{1F}a0198526636\u{1E}  \u{1F}aThe salt atlas\u{1E}  \u{1F}h912\u{1F}iFAI\u{1E}\u{1D}"
                .utf8)

        static let marcxml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">
              <marc:record>
                <marc:controlfield tag="001">ocn000777</marc:controlfield>
                <marc:controlfield tag="003">OCoLC</marc:controlfield>
                <marc:datafield tag="020" ind1=" " ind2=" "><marc:subfield code="a">978-0-19-852663-6</marc:subfield></marc:datafield>
                <marc:datafield tag="245" ind1="1" ind2="4"><marc:subfield code="a">The salt atlas /</marc:subfield></marc:datafield>
                <marc:datafield tag="852" ind1=" " ind2=" "><marc:subfield code="h">912</marc:subfield><marc:subfield code="i">FAI</marc:subfield></marc:datafield>
              </marc:record>
              <marc:record>
                <marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">No holdings here</marc:subfield></marc:datafield>
              </marc:record>
            </marc:collection>
            """

        /// The libraries whose stored blocks hold `key`, the key filters left out.
        func holders(of key: String, on context: TestContext) async throws -> [Int] {
            let libraries = try await LibraryModel.query(on: context.app.db).all().map { try $0.requireID() }
            return try await HoldingKeyMatch.exactly([key], among: libraries).entries(on: context.app.db.asSQL)
                .keys.sorted()
        }

        @Test func marcxmlHoldingsAreStoredAndABadRecordIsReported() async throws {
            try await withTestApp { context in
                let file = try HoldingsImport.read(Array(Self.marcxml.utf8), fileName: "len.xml")
                #expect(file.recordsRead == 2)
                #expect(
                    file.rejections.map(\.description) == [
                        "record 2: no holdings field (852, or local 949, 952 or 999)"
                    ])
                let total = try await HoldingsImport.store(
                    file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                #expect(total == 1)
                let byISBN = try await self.holders(of: "isbn:9780198526636", on: context)
                let byOCLC = try await self.holders(of: "oclc:777", on: context)
                #expect(byISBN == [2])
                #expect(byOCLC == [2])
            }
        }

        @Test func replacingSwapsTheSetAndAddingAppends() async throws {
            try await withTestApp { context in
                let first = CSVHoldingsReader.read(Self.header + "A,,0198526636,,,,yes\n")
                let second = CSVHoldingsReader.read(Self.header + "B,,,0028-0836,,,yes\n")
                let afterFirst = try await HoldingsImport.store(
                    first, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                let afterSecond = try await HoldingsImport.store(
                    second, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                let afterReplace = try await HoldingsImport.store(
                    second, libraryID: 2, replace: true, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                let totals: [Int] = [afterFirst, afterSecond, afterReplace]
                #expect(totals == [1, 2, 1])
                let replacedHolders = try await self.holders(of: "isbn:9780198526636", on: context)
                let keptHolders = try await self.holders(of: "issn:0028-0836", on: context)
                #expect(replacedHolders.isEmpty)
                #expect(keptHolders == [2])
            }
        }

        @Test func theHoldersOfAnItemAreFoundByAnyOfItsIdentifiersOrTitle() async throws {
            try await withTestApp { context in
                let file = try HoldingsImport.read(Array(Self.marcxml.utf8), fileName: "len.xml")
                _ = try await HoldingsImport.store(
                    file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                for query in ["isbn=0-19-852663-6", "oclc=ocm777", "q=salt%20atlas"] {
                    let (status, body) = try await context.call(.GET, "/api/v1/holdings?\(query)", as: "BOR")
                    #expect(status == .ok)
                    let holders = (body as? [String: Any])?["holders"] as? [[String: Any]] ?? []
                    #expect(holders.map { $0["symbol"] as? String } == ["LEN"], "\(query)")
                    #expect(holders.first?["callNumber"] as? String == "912 FAI")
                    #expect(holders.first?["lendable"] as? Bool == true)
                }
                let (bad, error) = try await context.call(.GET, "/api/v1/holdings?isbn=12", as: "BOR")
                #expect(bad == .unprocessableEntity)
                #expect(
                    ((error as? [String: Any])?["fields"] as? [[String: Any]])?.first?["field"] as? String == "isbn")
                let (none, _) = try await context.call(.GET, "/api/v1/holdings", as: "BOR")
                #expect(none == .unprocessableEntity)
                let (anonymous, _) = try await context.call(.GET, "/api/v1/holdings?isbn=0198526636")
                #expect(anonymous == .unauthorized)
            }
        }

        func holderSymbols(_ query: String, on context: TestContext, app: Application? = nil) async throws -> [String] {
            let (status, body) = try await context.call(.GET, "/api/v1/holdings?\(query)", as: "BOR", app: app)
            #expect(status == .ok)
            return ((body as? [String: Any])?["holders"] as? [[String: Any]] ?? []).compactMap {
                $0["symbol"] as? String
            }
        }

        @Test func lookupsFollowEveryImportAddingAndReplacing() async throws {
            try await withTestApp { context in
                let first = CSVHoldingsReader.read(Self.header + "A,,0198526636,,,,yes\n")
                let second = CSVHoldingsReader.read(Self.header + "B,,,0028-0836,,,yes\n")
                #expect(try await self.holderSymbols("isbn=0198526636", on: context).isEmpty)
                _ = try await HoldingsImport.store(
                    first, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                #expect(try await self.holderSymbols("isbn=0198526636", on: context) == ["LEN"])
                _ = try await HoldingsImport.store(
                    second, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                #expect(try await self.holderSymbols("isbn=0198526636", on: context) == ["LEN"])
                #expect(try await self.holderSymbols("issn=0028-0836", on: context) == ["LEN"])
                _ = try await HoldingsImport.store(
                    second, libraryID: 2, replace: true, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                #expect(try await self.holderSymbols("isbn=0198526636", on: context).isEmpty)
                #expect(try await self.holderSymbols("issn=0028-0836", on: context) == ["LEN"])
            }
        }

        /// A filter this version cannot read (a later version's, or damaged) must not hide the library's holdings.
        @Test func anUnreadableFilterHidesNothing() async throws {
            try await withTestApp { context in
                let file = CSVHoldingsReader.read(Self.header + "A,,0198526636,,,,yes\n")
                _ = try await HoldingsImport.store(
                    file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                try await context.app.db.asSQL.update(HoldingFilterRecord.table)
                    .set("filter", to: SQLBind(Data([9, 9, 9]))).set("generation", to: SQLBind(Int64(77)))
                    .where("library_id", .equal, 2).run()
                #expect(try await self.holderSymbols("isbn=0198526636", on: context) == ["LEN"])
                #expect(try await self.holderSymbols("isbn=9780262033848", on: context).isEmpty)
            }
        }

        /// Each instance keeps the libraries' key filters in memory; an import through one is seen by the next
        /// lookup through the other.
        @Test func anotherInstancesImportIsSeenByTheNextLookup() async throws {
            try await withTestApp { context in
                let file = CSVHoldingsReader.read(Self.header + "A,,0198526636,,,,yes\n")
                _ = try await HoldingsImport.store(
                    file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                #expect(try await self.holderSymbols("isbn=0198526636", on: context) == ["LEN"])
                try await withSecondInstance(of: context) { second in
                    #expect(try await self.holderSymbols("isbn=0198526636", on: context, app: second) == ["LEN"])
                    _ = try await HoldingsImport.store(
                        file, libraryID: 3, replace: false, reads: second.reads, writes: second.writes, now: testNow,
                        logger: second.logger)
                    _ = try await HoldingsImport.store(
                        file, libraryID: 2, replace: true, reads: second.reads, writes: second.writes, now: testNow,
                        logger: second.logger)
                }
                let holders = try await self.holderSymbols("isbn=0198526636", on: context)
                #expect(holders.count == 2 && holders.contains("LEN"), "\(holders)")
            }
        }

        func upload(_ text: String, to symbol: String, as party: String, query: String, on context: TestContext)
            async throws -> (HTTPStatus, [String: Any])
        {
            var headers = HTTPHeaders([("Content-Type", "text/csv")])
            headers.bearerAuthorization = BearerAuthorization(token: context.token(party))
            var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
            try await context.app.testing().test(
                .POST, "/api/v1/libraries/\(symbol)/holdings\(query)", headers: headers, body: ByteBuffer(string: text)
            ) { response in
                APIContract.check(
                    .POST, "/api/v1/libraries/\(symbol)/holdings\(query)", status: response.status,
                    body: Data(buffer: response.body))
                let body = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                result = (response.status, body ?? [:])
            }
            return result
        }

        @Test func aLibraryUploadsItsOwnHoldingsOnly() async throws {
            try await withTestApp { context in
                let csv = "title,author,isbn,issn,oclc,call_number,lendable\nA,,0198526636,,,,yes\nB,,12,,,,yes\n"
                let (status, report) = try await self.upload(
                    csv, to: "LEN", as: "LEN", query: "?replace=true", on: context)
                #expect(status == .ok)
                #expect(report["recordsRead"] as? Int == 2)
                #expect(report["holdingsStored"] as? Int == 1)
                #expect((report["skipped"] as? [[String: Any]])?.first?["position"] as? String == "line 3")
                let holders = try await self.holders(of: "isbn:9780198526636", on: context)
                #expect(holders == [2])

                let (otherLibrary, _) = try await self.upload(csv, to: "LEN", as: "BOR", query: "", on: context)
                #expect(otherLibrary == .forbidden)
                let (team, _) = try await self.upload(csv, to: "LEN", as: "TEAM", query: "", on: context)
                #expect(team == .ok)
                let (unknownFormat, _) = try await self.upload(
                    csv, to: "LEN", as: "LEN", query: "?format=xlsx", on: context)
                #expect(unknownFormat == .unprocessableEntity)
            }
        }

        @Test func theContentDecidesTheFormatWhateverTheName() throws {
            #expect(try HoldingsImport.read(Array(Self.marcxml.utf8), fileName: "export.dat").holdings.count == 1)
            #expect(try HoldingsImport.read(Self.binaryMARC, fileName: "export.xml").holdings.count == 1)
            let csv = Self.header + "The Salt Atlas,,0198526636,,,912,yes\n"
            #expect(try HoldingsImport.read(Array(csv.utf8), fileName: "holdings.mrc").holdings.count == 1)
            #expect {
                try HoldingsImport.read(Array("PK\u{3}\u{4}".utf8), fileName: "holdings.xlsx")
            } throws: { error in
                (error as? HoldingsImport.Refusal)?.description.hasPrefix("holdings.xlsx is none of the formats read")
                    == true
            }
        }

        @Test func anyTextSurvivesTheBatchedStoreExactly() async throws {
            try await withTestApp { context in
                let awkward = "Quotes \" and ' and \\ backslash, tab\there, é ü 字, '); DROP TABLE holding_keys; --"
                let holding = Holding(
                    title: awkward, author: "O'Hara, \"Jo\"", callNumber: "line\nbreak\u{0}nul", lendable: false,
                    identifiers: ["isbn": ["9780198526636"]])
                var file = HoldingsFile()
                file.holdings = [holding]
                #expect(
                    try await HoldingsImport.store(
                        file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                        now: testNow, logger: context.app.logger) == 1)
                let (_, body) = try await context.call(.GET, "/api/v1/holdings?isbn=9780198526636", as: "BOR")
                let holder = ((body as? [String: Any])?["holders"] as? [[String: Any]])?.first
                #expect(holder?["title"] as? String == awkward)
                #expect(holder?["author"] as? String == "O'Hara, \"Jo\"")
                #expect(holder?["callNumber"] as? String == "line\nbreaknul")
                #expect(holder?["lendable"] as? Bool == false)
            }
        }

        /// Three records share each key, so keys fall at every place of a block: first, last and straddling a
        /// block's end if the blocks were cut carelessly. Every key must be found whole in one block.
        @Test func everyKeyIsFoundWholeWhereverItsBlockBegins() async throws {
            try await withTestApp { context in
                var file = HoldingsFile()
                file.holdings = (0..<9_000).map {
                    Holding(
                        title: "Title \($0)", author: nil, callNumber: "C\($0)", lendable: $0 % 2 == 0,
                        identifiers: ["oclc": ["\($0 % 3_000 + 1)"]])
                }
                let sql = context.app.db.asSQL
                #expect(
                    try await HoldingsImport.store(
                        file, libraryID: 3, replace: false, reads: context.app.reads, writes: context.app.writes,
                        now: testNow, logger: context.app.logger) == 9_000)
                let firstKeys = try await sql.select().column("first_key").from(HoldingBlockStore.keyTable)
                    .where("library_id", .equal, 3).all().map { try $0.decode(column: "first_key", as: String.self) }
                #expect(firstKeys.count > 10, "the holdings should span many key blocks")
                let stored = try await HoldingBlockStore.keyEntries(of: 3, on: sql)
                #expect(stored.count == 18_000)
                for firstKey in firstKeys where firstKey.hasPrefix("oclc:") {
                    let number = Int(firstKey.dropFirst(5))!
                    for key in ["oclc:\(number)", "oclc:\(number == 1 ? 3_000 : number - 1)"] {
                        let found = try await HoldingKeyMatch.exactly([key], among: [3]).entries(on: sql)[3] ?? []
                        let n = Int(key.dropFirst(5))!
                        #expect(found.map(\.record).sorted() == [n, n + 3_000, n + 6_000], "\(key)")
                    }
                }
                let last = try await HoldingBlockStore.recordValues([3: 9_000], on: sql)[3]
                #expect(
                    last == HoldingRecordValues(title: "Title 8999", author: nil, callNumber: "C8999", lendable: false))
            }
        }

        @Test func holdingsStoredTheOldWaysAreCarriedOverByEachMigration() async throws {
            try await withTestApp { context in
                let file = try HoldingsImport.read(Array(Self.marcxml.utf8), fileName: "len.xml")
                _ = try await HoldingsImport.store(
                    file, libraryID: 2, replace: false, reads: context.app.reads, writes: context.app.writes,
                    now: testNow, logger: context.app.logger)
                try await StoreHoldingsInBlocks().revert(on: context.app.db)
                try await CreateHoldingFilters().revert(on: context.app.db)
                try await ClusterHoldingKeysByLibrary().revert(on: context.app.db)
                try await SplitHoldingKeys().revert(on: context.app.db)
                try await SplitHoldingKeys().prepare(on: context.app.db)
                try await ClusterHoldingKeysByLibrary().prepare(on: context.app.db)
                try await CreateHoldingFilters().prepare(on: context.app.db)
                try await StoreHoldingsInBlocks().prepare(on: context.app.db)
                #expect(try await self.holders(of: "isbn:9780198526636", on: context) == [2])
                let (_, body) = try await context.call(.GET, "/api/v1/holdings?oclc=777", as: "BOR")
                let holder = ((body as? [String: Any])?["holders"] as? [[String: Any]])?.first
                #expect(holder?["callNumber"] as? String == "912 FAI")
                #expect(holder?["records"] as? Int == 1)
            }
        }
    }
}

/// Finding holders must stay a seek per library however many holdings there are: a plan that scans the key
/// blocks of every library is a 1,000-fold slowdown at a union catalogue's size, with the same answers.
struct HoldingsQueryPlanTests {
    func plan(_ query: SQLQueryString, on context: TestContext) async throws -> [String] {
        try await context.app.db.asSQL.raw("EXPLAIN QUERY PLAN " + query).all()
            .map { try $0.decode(column: "detail", as: String.self) }
    }

    @Test func holdersAreFoundBySeekingEachLibrarysKeyBlocks() async throws {
        try await withTestApp(sqliteOnly: true) { context in
            #expect(HoldingKeyMatch.exactly(["oclc:777"], among: []).blocksQuery == nil)
            let exactly = HoldingKeyMatch.exactly(["isbn:9780198526636", "oclc:777"], among: [2, 3])
            for match in [exactly, .prefix("ta:salt atlas")] {
                let steps = try await self.plan(match.blocksQuery!, on: context)
                #expect(
                    steps.contains { $0.contains("SEARCH b USING") && $0.contains("(library_id=? AND first_key") },
                    "\(steps)")
                #expect(
                    steps.contains { $0.contains("SEARCH x USING") && $0.contains("(library_id=? AND first_key<?)") },
                    "\(steps)")
                #expect(!steps.contains { $0.contains("SCAN b") || $0.contains("SCAN x") }, "\(steps)")
                // The last block before a key is one step back from a seek, never a sort of the library's blocks.
                #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
                #expect(
                    steps.filter { $0.contains("SEARCH x USING") }.count
                        == steps.filter { $0.contains("SCALAR SUBQUERY") }.count, "\(steps)")
            }
        }
    }
}
