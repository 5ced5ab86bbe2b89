import Foundation
import InterloanCore
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// A copy delivered as a file: the lender's upload ships it, the borrower's link downloads it (counted,
    /// atomically, in its time), the first download completes it, and every refusal keeps nothing.
    @Suite struct DocumentDeliveryTests {
        typealias Store = DocumentStoreTests

        struct Answer {
            var status: HTTPResponseStatus
            var headers: HTTPHeaders
            var bytes: [UInt8]
            var json: [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(self.bytes))) as? [String: Any] ?? [:]
            }
        }

        static func send(
            _ context: TestContext, _ method: HTTPMethod, _ path: String, as party: String? = nil,
            headers extra: [(String, String)] = [], body: [UInt8]? = nil
        ) async throws -> Answer {
            var headers = HTTPHeaders(extra)
            if let party { headers.bearerAuthorization = BearerAuthorization(token: context.token(party)) }
            var answer = Answer(status: .internalServerError, headers: [:], bytes: [])
            try await context.app.testing().test(
                method, path, headers: headers, body: body.map { ByteBuffer(bytes: $0) }
            ) { response in
                answer = Answer(
                    status: response.status, headers: response.headers, bytes: Array(response.body.readableBytesView))
                if path.hasPrefix("/api/") {
                    APIContract.check(method, path, status: response.status, body: Data(answer.bytes))
                }
            }
            return answer
        }

        /// A copy request of BOR that LEN will supply.
        static func willSupplyCopy(_ context: TestContext) async throws -> String {
            let id = try await context.place(
                #"{"title": "Tidal Letters", "serviceType": "copy", "articleTitle": "On salt", "journalTitle": "Salt Review", "issn": "1234-5679", "lenders": ["LEN"]}"#
            )
            try await context.act(id, "willSupply", as: "LEN")
            return id
        }

        static func upload(
            _ context: TestContext, _ id: String, _ bytes: [UInt8], type: String = "application/pdf",
            as party: String = "LEN"
        ) async throws -> Answer {
            try await self.send(
                context, .POST, "/api/v1/requests/\(id)/documents", as: party, headers: [("Content-Type", type)],
                body: bytes)
        }

        /// The borrowing library's link, as a path.
        static func borrowerLink(_ context: TestContext, _ id: String) async throws -> String {
            let answer = try await self.send(context, .GET, "/api/v1/requests/\(id)/documents", as: "BOR")
            let documents = try #require(
                try JSONSerialization.jsonObject(with: Data(answer.bytes)) as? [[String: Any]])
            let links = try #require(documents.last?["links"] as? [[String: Any]])
            let url = try #require(links.first { $0["recipient"] as? String == "borrower" }?["url"] as? String)
            return try #require(URL(string: url)?.path)
        }

        static func status(_ context: TestContext, _ id: String) async throws -> String? {
            let answer = try await self.send(context, .GET, "/api/v1/requests/\(id)", as: "BOR")
            return answer.json["status"] as? String
        }

        static func documentRows(_ context: TestContext) async throws -> Int {
            try await context.app.reads.select().column("id").from(DocumentRecord.table).all().count
        }

        @Test func theLenderUploadsAndTheBorrowerDownloadsTheSameBytes() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                let pdf = Store.pdf(2_500_000)
                let uploaded = try await Self.upload(context, id, pdf)
                #expect(uploaded.status == .created)
                #expect(uploaded.json["status"] as? String == "shipped")
                let shipments = try #require(uploaded.json["shipments"] as? [[String: Any]])
                #expect(shipments.last?["carrier"] as? String == "electronic")

                let lenderView = try await Self.send(context, .GET, "/api/v1/requests/\(id)/documents", as: "LEN")
                let lenderDocuments = try #require(
                    try JSONSerialization.jsonObject(with: Data(lenderView.bytes)) as? [[String: Any]])
                #expect(lenderDocuments.first?["byteCount"] as? Int == pdf.count)
                let lenderLinks = try #require(lenderDocuments.first?["links"] as? [[String: Any]])
                #expect(lenderLinks.allSatisfy { $0["url"] == nil }, "the lender never sees the borrower's link")

                let link = try await Self.borrowerLink(context, id)
                let page = try await Self.send(context, .GET, link)
                #expect(page.status == .ok)
                let html = String(decoding: page.bytes, as: UTF8.self)
                #expect(html.contains("WARNING CONCERNING COPYRIGHT RESTRICTIONS"))
                #expect(html.contains("5 more times"))
                #expect(try await Self.status(context, id) == "shipped", "opening the page downloads nothing")

                let file = try await Self.send(context, .GET, link + "/file")
                #expect(file.status == .ok)
                let same = file.bytes == pdf
                #expect(same, "the bytes uploaded")
                #expect(file.headers.first(name: .contentType) == "application/pdf")
                #expect(file.headers.first(name: .contentDisposition) == "attachment; filename=\"\(id).pdf\"")
                #expect(try await Self.status(context, id) == "completed", "the first download completes the copy")
                let history = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                let actions = (history.body as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                #expect(actions.suffix(2) == [DocumentLinks.eventAction, "receive"])
            }
        }

        @Test func twentyConcurrentDownloadsNeverExceedTheViews() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                #expect(try await Self.upload(context, id, Store.pdf(40_000)).status == .created)
                let link = try await Self.borrowerLink(context, id)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for _ in 0..<20 { group.addTask { try await Self.send(context, .GET, link + "/file").status } }
                    return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == 5)
                #expect(statuses.filter { $0 == .gone }.count == 15)
                let views = try await context.app.reads.select().column("views").from(DocumentLinkRecord.table)
                    .where("recipient", .equal, "borrower").first()?.decode(column: "views", as: Int.self)
                #expect(views == 5)
                let history = try await context.call(.GET, "/api/v1/requests/\(id)/history", as: "BOR")
                let viewed = (history.body as? [[String: Any]] ?? []).filter {
                    $0["action"] as? String == DocumentLinks.eventAction
                }
                #expect(viewed.count == 5, "each view is in the history, and only those that were served")
            }
        }

        @Test func rangesAreServedAndOnlyAFirstByteCounts() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                let pdf = Store.pdf(3_000_000)
                #expect(try await Self.upload(context, id, pdf).status == .created)
                let link = try await Self.borrowerLink(context, id)
                let early = try await Self.send(context, .GET, link + "/file", headers: [("Range", "bytes=100-199")])
                #expect(early.status == .gone, "a range further on needs a link that was opened")
                let first = try await Self.send(context, .GET, link + "/file", headers: [("Range", "bytes=0-99")])
                #expect(first.status == .partialContent)
                #expect(first.bytes == Array(pdf[0..<100]))
                let across = try await Self.send(
                    context, .GET, link + "/file", headers: [("Range", "bytes=1048570-1048589")])
                #expect(across.status == .partialContent)
                #expect(across.headers.first(name: .contentRange) == "bytes 1048570-1048589/3000000")
                #expect(across.bytes == Array(pdf[1_048_570...1_048_589]), "a range across two chunks")
                let tail = try await Self.send(context, .GET, link + "/file", headers: [("Range", "bytes=-10")])
                #expect(tail.bytes == Array(pdf.suffix(10)))
                let past = try await Self.send(context, .GET, link + "/file", headers: [("Range", "bytes=3000000-")])
                #expect(past.status == .rangeNotSatisfiable)
                #expect(past.headers.first(name: .contentRange) == "bytes */3000000")
                let views = try await context.app.reads.select().column("views").from(DocumentLinkRecord.table)
                    .where("recipient", .equal, "borrower").first()?.decode(column: "views", as: Int.self)
                #expect(views == 1, "only the range from the first byte counted")
            }
        }

        @Test func anExpiredOrTamperedLinkOpensNothingAndSaysNotWhich() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                #expect(try await Self.upload(context, id, Store.pdf(10_000)).status == .created)
                let link = try await Self.borrowerLink(context, id)
                // The signature's last character, whose unused bits decode the same, and one in its middle.
                let lastChanged = String(link.dropLast()) + (link.hasSuffix("A") ? "B" : "A")
                let middle = link.index(link.endIndex, offsetBy: -20)
                let middleChanged = link.replacingCharacters(
                    in: middle...middle, with: link[middle] == "A" ? "B" : "A")
                #expect(try await Self.send(context, .GET, lastChanged + "/file").status == .notFound)
                let forged = try await Self.send(context, .GET, middleChanged + "/file")
                #expect(forged.status == .notFound)
                let other = try await Self.send(context, .GET, "/documents/doc1.xyz")
                #expect(other.status == .notFound)
                context.app.clock = .fixed(testNow.addingTimeInterval(31 * 86_400))
                let expired = try await Self.send(context, .GET, link)
                #expect(expired.status == .gone)
                let expiredFile = try await Self.send(context, .GET, link + "/file")
                #expect(expiredFile.status == .gone)
                let texts = [forged, expired].map { String(decoding: $0.bytes, as: UTF8.self) }
                #expect(texts.allSatisfy { $0.contains("The link is not valid now.") })
                #expect(!texts.contains { $0.contains("expired") || $0.contains("tamper") })
                #expect(try await Self.status(context, id) == "shipped")
            }
        }

        @Test func refusedUploadsKeepNothing() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                let wrongType = try await Self.upload(context, id, Store.pdf(5_000), type: "text/plain")
                #expect(wrongType.status == .unsupportedMediaType)
                let notAPDF = try await Self.upload(context, id, Array(repeating: 0x41, count: 5_000))
                #expect(notAPDF.status == .unsupportedMediaType)
                #expect((notAPDF.json["message"] as? String)?.contains("not a application/pdf file") == true)
                context.app.documentPolicy.maxBytes = 2 << 20
                let tooLarge = try await Self.upload(context, id, Store.pdf(3 << 20))
                #expect(tooLarge.status == .payloadTooLarge)
                let byBorrower = try await Self.upload(context, id, Store.pdf(5_000), as: "BOR")
                #expect(byBorrower.status == .conflict)
                let byStranger = try await Self.upload(context, id, Store.pdf(5_000), as: "OTH")
                #expect(byStranger.status == .notFound)
                let loan = try await context.place(#"{"title": "A loan", "lenders": ["LEN"]}"#)
                try await context.act(loan, "willSupply", as: "LEN")
                let onLoan = try await Self.upload(context, loan, Store.pdf(5_000))
                #expect(onLoan.status == .conflict)
                let asked = try await context.place(
                    #"{"title": "Asked only", "serviceType": "copy", "articleTitle": "A", "lenders": ["LEN"]}"#)
                #expect(try await Self.upload(context, asked, Store.pdf(5_000)).status == .conflict)
                #expect(try await Self.documentRows(context) == 0)
                #expect(try await Self.status(context, id) == "willSupply")
                try await context.act(
                    id, "ship", as: "LEN", #"{"carrier": "electronic"}"#, expect: .unprocessableEntity)
                try await context.act(
                    loan, "ship", as: "LEN", #"{"carrier": "electronic", "dueDate": "2027-12-01"}"#,
                    expect: .unprocessableEntity)
            }
        }

        @Test func theBorrowerAsksAgainAndTheLenderUploadsAgain() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                #expect(try await Self.upload(context, id, Store.pdf(10_000)).status == .created)
                try await context.act(id, "resend", as: "BOR", #"{"note": "Pages 4 and 5 are cut off"}"#)
                #expect(try await Self.status(context, id) == "willSupply")
                let again = try await Self.upload(context, id, Store.pdf(12_000))
                #expect(again.status == .created)
                let shipments = try #require(again.json["shipments"] as? [[String: Any]])
                #expect(shipments.count == 2)
                let paper = try await context.place(
                    #"{"title": "Paper", "serviceType": "copy", "articleTitle": "A", "lenders": ["LEN"]}"#)
                try await context.act(paper, "willSupply", as: "LEN")
                try await context.act(paper, "ship", as: "LEN", #"{"carrier": "usps"}"#)
                try await context.act(paper, "resend", as: "BOR", #"{"note": "x"}"#, expect: .conflict)
            }
        }

        @Test func theLenderUploadsFromTheRequestPageAndStaffPreviewWithoutCounting() async throws {
            try await withTestApp { context in
                let id = try await Self.willSupplyCopy(context)
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let page = try await lender.get("/requests/\(id)")
                #expect(page.html.contains("enctype=\"multipart/form-data\""))
                let pdf = Store.pdf(1_200_000)
                let forged = try await lender.upload(
                    "/requests/\(id)/documents", fileField: "file", fileType: "application/pdf", bytes: pdf,
                    fields: ["_csrf": "forged"], tokenFrom: "/requests/\(id)")
                #expect(forged.status == .forbidden)
                #expect(try await Self.documentRows(context) == 0)
                let sent = try await lender.upload(
                    "/requests/\(id)/documents", fileField: "file", fileType: "application/pdf", bytes: pdf,
                    fields: ["note": "Scanned at 300 dpi"], tokenFrom: "/requests/\(id)")
                #expect(sent.status == .seeOther)
                #expect(try await Self.status(context, id) == "shipped")
                let shown = try await lender.get("/requests/\(id)")
                #expect(shown.html.contains("delivered"))
                let documentID = try #require(
                    try await context.app.reads.select().column("id").from(DocumentRecord.table).first()?
                        .decode(column: "id", as: Int.self))
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                let borrowerPage = try await borrower.get("/requests/\(id)").html
                #expect(borrowerPage.contains(#"href="/documents/"#), "the page links to this server's own path")
                #expect(!(try await lender.get("/requests/\(id)").html.contains(#"href="/documents/"#)))
                let preview = try await borrower.get("/requests/\(id)/documents/\(documentID)")
                #expect(preview.status == .ok)
                #expect(preview.html.hasPrefix("%PDF-1.4"))
                #expect(try await Self.status(context, id) == "shipped", "a preview completes nothing")
                var stranger = WebClient(context)
                try await stranger.signIn("staff@oth.example.org")
                #expect(try await stranger.get("/requests/\(id)/documents/\(documentID)").status == .notFound)
            }
        }

        @Test func spentAndUnopenedFilesArePurgedKeepingTheirRecords() async throws {
            try await withTestApp { context in
                context.app.documentPolicy.purgeDays = 7
                let opened = try await Self.willSupplyCopy(context)
                #expect(try await Self.upload(context, opened, Store.pdf(30_000)).status == .created)
                let link = try await Self.borrowerLink(context, opened)
                #expect(try await Self.send(context, .GET, link + "/file").status == .ok)
                let unopened = try await Self.willSupplyCopy(context)
                #expect(try await Self.upload(context, unopened, Store.pdf(30_000)).status == .created)

                let week = try await ScheduledJobs.runOnce(
                    asOf: testNow.addingTimeInterval(8 * 86_400), on: context.app)
                #expect(week.changed(by: "documents") == 1, "only the file nobody opened, a week on")
                let states = try await context.app.reads.select().column("state").from(DocumentRecord.table)
                    .orderBy("id").all().map { try $0.decode(column: "state", as: String.self) }
                #expect(states == ["ready", "purged"])

                let month = try await ScheduledJobs.runOnce(
                    asOf: testNow.addingTimeInterval(31 * 86_400), on: context.app)
                #expect(month.changed(by: "documents") == 1, "the opened one once its link ran out")
                let again = try await ScheduledJobs.runOnce(
                    asOf: testNow.addingTimeInterval(31 * 86_400), on: context.app)
                #expect(again.changed(by: "documents") == 0)
                let (documents, chunks) = try await Store.counts(context)
                #expect(documents == 2 && chunks == 0, "the records stay, the bytes go")
                #expect(try await Self.send(context, .GET, link + "/file").status == .gone)
                let listed = try await Self.send(context, .GET, "/api/v1/requests/\(opened)/documents", as: "BOR")
                #expect(String(decoding: listed.bytes, as: UTF8.self).contains("\"purged\""))
            }
        }

        @Test func aPatronOpensTheirCopyFromThePortal() async throws {
            try await withTestApp { context in
                var patron = try await PortalPatron.signIn(context)
                _ = try await patron.ask(["serviceType": "copy", "title": "Salt Review", "articleTitle": "On brine"])
                let number = try #require(PortalPatron.numbers(in: try await patron.browser.get("/my").html).first)
                try await context.act(number, "route", as: "BOR", #"{"lenders": ["LEN"]}"#)
                try await context.act(number, "willSupply", as: "LEN")
                #expect(!(try await patron.browser.get("/my").html.contains("Open your copy")))
                let pdf = Store.pdf(20_000)
                #expect(try await Self.upload(context, number, pdf).status == .created)
                let list = try await patron.browser.get("/my").html
                let start = try #require(list.range(of: #"href="/documents/"#))
                let link = "/documents/" + String(list[start.upperBound...].prefix { $0 != "\"" })
                #expect(list.contains("Open your copy"))
                let file = try await Self.send(context, .GET, link + "/file")
                let same = file.bytes == pdf
                #expect(same, "the patron downloads the bytes the lender uploaded")
                #expect(try await Self.status(context, number) == "completed", "the patron's download completes it")
                let links = try await context.app.reads.select().column("recipient").column("views")
                    .from(DocumentLinkRecord.table).orderBy("id").all()
                    .map {
                        "\(try $0.decode(column: "recipient", as: String.self))=\(try $0.decode(column: "views", as: Int.self))"
                    }
                #expect(links == ["borrower=0", "patron=1"], "each recipient counts its own views")
            }
        }
    }
}
