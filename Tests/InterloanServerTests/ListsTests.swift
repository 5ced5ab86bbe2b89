import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import InterloanCore
@testable import InterloanServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension DatabaseTests {
    /// Announcement lists through the API and their public pages: double opt-in, posting, one-click
    /// unsubscribing, the archive, permalinks and the Atom feed.
    @Suite struct ListsTests {
        static func makeList(_ context: TestContext, slug: String = "ill-announce") async throws {
            try await context.app.db.asSQL.insert(into: AnnouncementListRecord.table)
                .row(
                    AnnouncementListRecord(
                        slug: slug, name: "ILL Announce", description: "News for members", regionCodes: "")
                )
                .run()
        }

        static func mails(_ context: TestContext, kind: String) async throws -> [MailRecord] {
            try await context.app.db.asSQL.select().column("*").from(MailRecord.table)
                .where("kind", .equal, kind).orderBy("id").all(reading: MailRecord.self)
        }

        /// The path and query of the first link in `text` that contains `part`.
        static func link(in text: String, containing part: String) -> String? {
            text.split(whereSeparator: { $0.isWhitespace || $0 == "<" || $0 == ">" }).map(String.init)
                .first { $0.contains(part) }
                .map { $0.replacingOccurrences(of: "http://127.0.0.1:8080", with: "") }
        }

        /// Sends a form (or a one-click body) to `path` without a session.
        static func post(_ context: TestContext, _ path: String, body: String) async throws -> (
            HTTPResponseStatus, String
        ) {
            var result: (HTTPResponseStatus, String) = (.internalServerError, "")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            try await context.app.testing().test(.POST, path, headers: headers, body: ByteBuffer(string: body)) {
                response in
                result = (response.status, String(buffer: response.body))
            }
            return result
        }

        static func subscribeAndConfirm(_ context: TestContext, _ email: String) async throws {
            #expect(
                try await context.call(
                    .POST, "/api/v1/lists/ill-announce/subscriptions", json: #"{"email": "\#(email)"}"#
                )
                .status == .accepted)
            let mail = try #require(
                try await Self.mails(context, kind: "listConfirmation").last { $0.recipient == email })
            let link = try #require(Self.link(in: mail.textBody, containing: "/confirm?"))
            #expect(try await Self.post(context, link, body: "").0 == .ok)
        }

        @Test func subscribingNeedsTheConfirmationLinkAndDoesNotFloodAnAddress() async throws {
            try await withTestApp { context in
                try await Self.makeList(context)
                let (bad, explained) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/subscriptions", json: #"{"email": "not an address"}"#)
                #expect(bad == .unprocessableEntity)
                #expect("\(String(describing: explained))".contains("not an email address"))
                #expect(
                    try await context.call(.POST, "/api/v1/lists/nope/subscriptions", json: #"{"email": "a@b.org"}"#)
                        .status == .notFound)

                for _ in 0..<3 {
                    #expect(
                        try await context.call(
                            .POST, "/api/v1/lists/ill-announce/subscriptions",
                            json: #"{"email": "Reader@Patrons.example.org"}"#
                        ).status == .accepted)
                }
                let confirmations = try await Self.mails(context, kind: "listConfirmation")
                #expect(confirmations.map(\.recipient) == ["reader@patrons.example.org"])
                #expect(confirmations.first?.subject == "Confirm your subscription to ILL Announce")

                // Nothing is sent to a pending address.
                try await context.call(
                    .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                    json: #"{"title": "Before confirming", "body": "Not for the pending reader."}"#)
                #expect(try await Self.mails(context, kind: "announcement").isEmpty)

                let link = try #require(Self.link(in: confirmations[0].textBody, containing: "/confirm?"))
                var page = ""
                try await context.app.testing().test(.GET, link) { page = String(buffer: $0.body) }
                #expect(page.contains(">Confirm</button>"))
                let (confirmed, outcome) = try await Self.post(context, link, body: "")
                #expect(confirmed == .ok)
                #expect(outcome.contains("reader@patrons.example.org now receives ILL Announce."))
                let (again, used) = try await Self.post(context, link, body: "")
                #expect(again == .ok)
                #expect(used.contains("This link was already used"))
                let forged = link.replacingOccurrences(of: "t=", with: "t=x")
                let (unknown, explainedLink) = try await Self.post(context, forged, body: "")
                #expect(unknown == .notFound)
                #expect(explainedLink.contains("This confirmation link is not valid"))
            }
        }

        @Test func postsReachConfirmedSubscribersWithOneClickUnsubscribe() async throws {
            try await withTestApp { context in
                try await Self.makeList(context)
                try await Self.subscribeAndConfirm(context, "one@patrons.example.org")
                try await Self.subscribeAndConfirm(context, "two@patrons.example.org")
                #expect(
                    try await context.call(
                        .POST, "/api/v1/lists/ill-announce/announcements", as: "BOR",
                        json: #"{"title": "x", "body": "y"}"#
                    ).status == .forbidden)
                let (missing, _) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM", json: #"{"title": "", "body": ""}"#)
                #expect(missing == .unprocessableEntity)

                let (status, body) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                    json:
                        #"{"title": "WEST 1 delayed", "body": "The **WEST 1** van is late.", "route": "west 1", "libraries": ["BOR"]}"#
                )
                #expect(status == .created)
                #expect((body as? [String: Any])?["queued"] as? Int == 2)
                let mails = try await Self.mails(context, kind: "announcement")
                #expect(mails.map(\.recipient).sorted() == ["one@patrons.example.org", "two@patrons.example.org"])
                let first = try #require(mails.first)
                #expect(first.subject == "[ILL Announce] WEST 1 delayed")
                #expect(first.htmlBody.contains("<strong>WEST 1</strong>"))
                let message = first.outgoing(from: "ill@test.example.org").data
                #expect(message.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
                #expect(message.contains("\r\nList-Id: ILL Announce <ill-announce.lists.127.0.0.1>\r\n"))
                let header = try #require(
                    message.components(separatedBy: "\r\n").first { $0.hasPrefix("List-Unsubscribe: <") })
                let unsubscribe = String(header.dropFirst("List-Unsubscribe: <".count).dropLast())
                    .replacingOccurrences(of: "http://127.0.0.1:8080", with: "")

                // A mail client's one-click unsubscribe (RFC 8058): a POST to the link, no session, no form token.
                let (done, page) = try await Self.post(context, unsubscribe, body: "List-Unsubscribe=One-Click")
                #expect(done == .ok)
                #expect(page.contains("no longer receives ILL Announce"))
                let (forged, _) = try await Self.post(
                    context, unsubscribe.replacingOccurrences(of: "t=", with: "t=A"), body: "")
                #expect(forged == .notFound)
                let (_, next) = try await context.call(
                    .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                    json: #"{"title": "Next", "body": "Only one left."}"#)
                #expect((next as? [String: Any])?["queued"] as? Int == 1)

                let (_, subscribers) = try await context.call(
                    .GET, "/api/v1/lists/ill-announce/subscriptions", as: "TEAM")
                #expect(
                    (subscribers as? [[String: Any]])?.compactMap { $0["state"] as? String }.sorted() == [
                        "confirmed", "unsubscribed",
                    ])
                #expect(
                    try await context.call(.GET, "/api/v1/lists/ill-announce/subscriptions", as: "LEN").status
                        == .forbidden)
            }
        }

        @Test func theArchiveSearchesRendersInertMarkdownAndFeedsAtom() async throws {
            try await withTestApp { context in
                try await Self.makeList(context)
                for (title, body) in [
                    ("Holiday schedule", "No courier on *Thanksgiving Day*."),
                    (
                        "Script test",
                        "<script>alert('x')</script> and [a link](javascript:alert(1)) and [ok](https://example.org/a?b=1&c=2)"
                    ),
                ] {
                    try await context.call(
                        .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                        json: try String(
                            decoding: JSONSerialization.data(withJSONObject: ["title": title, "body": body]),
                            as: UTF8.self))
                }
                let (_, lists) = try await context.call(.GET, "/api/v1/lists")
                #expect((lists as? [[String: Any]])?.first?["slug"] as? String == "ill-announce")

                var index = ""
                try await context.app.testing().test(.GET, "/lists") { index = String(buffer: $0.body) }
                #expect(
                    index.contains(
                        #"<a href="/lists/ill-announce">ILL Announce</a>: News for members For every region."#))
                var archive = ""
                try await context.app.testing().test(.GET, "/lists/ill-announce") { archive = String(buffer: $0.body) }
                #expect(archive.contains("Holiday schedule") && archive.contains("Script test"))
                #expect(
                    archive.range(of: "Script test")!.lowerBound < archive.range(of: "Holiday schedule")!.lowerBound)
                var found = ""
                try await context.app.testing().test(.GET, "/lists/ill-announce?q=thanksgiving") {
                    found = String(buffer: $0.body)
                }
                #expect(found.contains("Holiday schedule") && !found.contains("Script test"))

                let (_, posts) = try await context.call(.GET, "/api/v1/lists/ill-announce/announcements")
                let script = try #require(((posts as? [String: Any])?["items"] as? [[String: Any]])?.first)
                let id = try #require(script["id"] as? Int)
                var permalink = ""
                try await context.app.testing().test(.GET, "/lists/ill-announce/\(id)") {
                    permalink = String(buffer: $0.body)
                }
                #expect(permalink.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
                #expect(!permalink.contains("<script>alert"))
                #expect(!permalink.contains("javascript:"))
                #expect(
                    permalink.contains(#"<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">ok</a>"#))

                var feed = ""
                var contentType = ""
                try await context.app.testing().test(.GET, "/lists/ill-announce/feed.atom") { response in
                    feed = String(buffer: response.body)
                    contentType = response.headers.first(name: .contentType) ?? ""
                }
                #expect(contentType.hasPrefix("application/atom+xml"))
                let parsed = AtomProbe(Data(feed.utf8))
                #expect(parsed.isWellFormed)
                #expect(parsed.root == "feed" && parsed.namespace == "http://www.w3.org/2005/Atom")
                #expect(parsed.entries == 2)
                #expect(parsed.feedChildren.isSuperset(of: ["id", "title", "updated", "author", "link"]))
                #expect(parsed.entryChildren.allSatisfy { $0.isSuperset(of: ["id", "title", "updated", "content"]) })
                #expect(parsed.entryContents.allSatisfy { !$0.contains("<script>alert") })
            }
        }
    }
}

/// Reads a feed with Foundation's XML parser: well-formed or not, the root and its namespace, the entries and
/// the HTML each one carries (unescaped, as a feed reader sees it).
private final class AtomProbe: NSObject, XMLParserDelegate {
    var isWellFormed = false
    var root: String?
    var namespace: String?
    var entries = 0
    var entryContents: [String] = []
    /// The child elements of the feed and of each entry, which RFC 4287 requires some of.
    var feedChildren: Set<String> = []
    var entryChildren: [Set<String>] = []
    private var inContent = false
    private var depth = 0

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        self.isWellFormed = parser.parse()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if self.root == nil { (self.root, self.namespace) = (name, namespaceURI) }
        self.depth += 1
        if self.depth == 2 { self.feedChildren.insert(name) }
        if self.depth == 3, self.entries > 0 { self.entryChildren[self.entries - 1].insert(name) }
        if name == "entry" {
            self.entries += 1
            self.entryChildren.append([])
        }
        if name == "content" { (self.inContent, self.entryContents) = (true, self.entryContents + [""]) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if self.inContent { self.entryContents[self.entryContents.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "content" { self.inContent = false }
        self.depth -= 1
    }
}

extension DatabaseTests.ListsTests {
    @Test func aRouteDelayPostMovesExpectedArrivalAndReachesTheLibrariesOnTheRoute() async throws {
        try await withTestApp { context in
            try await Self.makeList(context)
            let id = try await context.place()
            try await context.act(id, "willSupply", as: "LEN")
            try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
            let (bad, _) = try await context.call(
                .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                json: #"{"title": "Late", "body": "Late van.", "delay": {"from": "2026-12-05", "until": "2026-12-01"}}"#
            )
            #expect(bad == .unprocessableEntity)
            let (posted, _) = try await context.call(
                .POST, "/api/v1/lists/ill-announce/announcements", as: "TEAM",
                json:
                    #"{"title": "WEST 1: no Thursday run", "body": "The van is in the shop.", "route": "WEST 1", "delay": {"from": "2026-12-03", "until": "2026-12-03"}}"#
            )
            #expect(posted == .created)
            let (_, request) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            #expect((request as? [String: Any])?["expectedArrival"] as? String == "2026-12-07")

            var bor = WebClient(context)
            try await bor.signIn("staff@bor.example.org")
            let home = try await bor.get("/")
            #expect(home.html.contains("For your library"))
            #expect(home.html.contains("WEST 1: no Thursday run"))
        }
    }
}

extension DatabaseTests.ListsTests {
    @Test func theTeamPostsAndManagesSubscribersInTheWebApplication() async throws {
        try await withTestApp { context in
            try await Self.makeList(context)
            try await Self.subscribeAndConfirm(context, "reader@patrons.example.org")
            var team = WebClient(context)
            try await team.signIn("team@test.example.org")
            #expect((try await team.get("/lists/ill-announce")).html.contains("/lists/ill-announce/manage"))
            let posted = try await team.post(
                "/lists/ill-announce/manage/post", ["title": "Web post", "body": "From the *form*.", "route": ""],
                tokenFrom: "/lists/ill-announce/manage")
            #expect(posted.status == .seeOther)
            var page = try await team.get("/lists/ill-announce/manage")
            #expect(page.html.contains("Posted “Web post”; 1 mail queued."))
            #expect(page.html.contains(#"<tr data-state="confirmed"><td>reader@patrons.example.org</td>"#))
            let (_, subscribers) = try await context.call(.GET, "/api/v1/lists/ill-announce/subscriptions", as: "TEAM")
            let id = try #require((subscribers as? [[String: Any]])?.first?["id"] as? Int)
            _ = try await team.post(
                "/lists/ill-announce/manage/subscribers/\(id)/remove", [:], tokenFrom: "/lists/ill-announce/manage")
            page = try await team.get("/lists/ill-announce/manage")
            #expect(page.html.contains("Subscriber removed."))
            #expect(!page.html.contains("<td>reader@patrons.example.org</td>"))

            var staff = WebClient(context)
            try await staff.signIn("staff@bor.example.org")
            #expect((try await staff.get("/lists/ill-announce/manage")).status == .forbidden)
            #expect(!(try await staff.get("/lists/ill-announce")).html.contains("/manage"))
        }
    }
}
