import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// OpenURL links reaching the server: the JSON answer, the staff form filled from a link (after a sign-in that
    /// keeps the link), a link posted by another site, and a link that tries to place or to speak for someone.
    @Suite struct OpenURLPagesTests {
        static let vuFindArticle =
            "url_ver=Z39.88-2004&ctx_ver=Z39.88-2004&rfr_id=info%3Asid%2Fvufind.svn.sourceforge.net%3Agenerator"
            + "&rft.date=1992&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=article&rft.issn="
            + "&rft.volume=XVII&rft.issue=6&rft.spage=12&rft.jtitle=Fake+Container"
            + "&rft.atitle=La+congiura+dei+Principi+Napoletani+1701+%3A+%28prima+e+seconda+stesura%29+%2F"
            + "&rft.au=Vico%2C+Giambattista%2C+1668-1744.&rft_id=info%3Adoi%2F10.1000%2F182"

        @Test func theAPIAnswersTheNormalisedFieldsToAnyone() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.GET, "/api/v1/openurl?\(Self.vuFindArticle)")
                #expect(status == .ok)
                let json = try #require(body as? [String: Any])
                #expect(json["serviceType"] as? String == "copy")
                #expect(json["journalTitle"] as? String == "Fake Container")
                #expect(
                    json["articleTitle"] as? String
                        == "La congiura dei Principi Napoletani 1701 : (prima e seconda stesura)")
                #expect(json["author"] as? String == "Vico, Giambattista, 1668-1744")
                #expect(json["doi"] as? String == "10.1000/182")
                #expect(json["issn"] == nil)
                #expect(json["problems"] as? [String] == [])

                let (_, ampersand) = try await context.call(.GET, "/api/v1/openurl?title=Salt+%26+Pepper&aulast=Ash")
                #expect(
                    (ampersand as? [String: Any])?["title"] as? String == "Salt & Pepper", "the query is read as sent")

                let (_, garbage) = try await context.call(.GET, "/api/v1/openurl?isbn=%ZZ&date=soon")
                #expect(
                    (garbage as? [String: Any])?["problems"] as? [String] == [
                        "“%ZZ” is not a valid ISBN and was left out", "the date “soon” has no year",
                        "the link names no title",
                    ])
            }
        }

        @Test func aLinkFillsTheStaffFormAfterASignInThatKeepsIt() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                let link = "/openurl?\(Self.vuFindArticle)"
                let first = try await web.get(link)
                #expect(first.status == .seeOther)
                let portalLocation = try #require(first.location)
                #expect(portalLocation.hasPrefix("/my/login?next=%2Fopenurl%3Furl_ver%3DZ39.88-2004"))
                let portalSignIn = try await web.get(portalLocation)
                let staffLink = try #require(
                    portalSignIn.html.components(separatedBy: "Library staff: <a href=\"").dropFirst().first?
                        .prefix { $0 != "\"" })
                let location = String(staffLink).replacingOccurrences(of: "&amp;", with: "&")
                #expect(location.hasPrefix("/login?next=%2Fopenurl%3Furl_ver%3DZ39.88-2004"))
                let next = try #require(
                    URLComponents(string: location)?.queryItems?.first { $0.name == "next" }?.value)
                #expect(next == link, "the whole link survives the way through both sign-in pages")
                let signedIn = try await web.post(
                    "/login", ["email": "staff@bor.example.org", "password": testPassword, "next": next],
                    tokenFrom: location)
                #expect(signedIn.location == link)

                let form = try await web.get(link)
                #expect(form.status == .ok)
                #expect(form.html.contains("Filled in from a link made by vufind.svn.sourceforge.net:generator"))
                #expect(form.html.contains(#"value="Fake Container""#))
                #expect(form.html.contains(#"name="serviceType" value="copy" checked"#))
                #expect(form.html.contains("DOI 10.1000/182. Published 1992."))
                #expect(try await context.app.storedRequests().isEmpty, "a link places nothing")
            }
        }

        @Test func anotherSitePostsALinkWithoutOurTokenAndGetsOnlyAForm() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let posted = try await web.post(
                    "/openurl", encodedForm: "genre=book&title=The+Salt+Atlas+%2F&isbn=12&lenders=LEN&patronId=P9")
                #expect(posted.status == .ok)
                #expect(posted.html.contains(#"value="The Salt Atlas""#))
                #expect(posted.html.contains("“12” is not a valid ISBN and was left out"))
                #expect(
                    posted.html.contains(#"<input id="patronId" name="patronId" value="">"#),
                    "a link never says who the patron is")
                #expect(try await context.app.storedRequests().isEmpty)

                var visitor = WebClient(context)
                let signedOut = try await visitor.post("/openurl", encodedForm: "title=Late")
                #expect(signedOut.status == .seeOther)
                #expect(signedOut.location == "/my/login?next=%2Fopenurl%3Ftitle%3DLate")
            }
        }

        @Test func theLinkIsKeptOnTheRequestForTheBorrowingSideAlone() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let form = try await web.get("/openurl?\(Self.vuFindArticle)")
                #expect(form.html.contains(#"<input type="hidden" name="openurl" value="url_ver=Z39.88-2004&amp;"#))
                let placed = try await web.post(
                    "/requests",
                    [
                        "title": "Fake Container", "serviceType": "copy", "articleTitle": "La congiura",
                        "lenders": "LEN", "openurl": Self.vuFindArticle,
                    ], tokenFrom: "/requests/new")
                #expect(placed.status == .seeOther)
                let id = try #require(placed.location?.split(separator: "/").last.map(String.init))
                let (_, borrower) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
                #expect((borrower as? [String: Any])?["openurl"] as? String == Self.vuFindArticle)
                let (_, lender) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "LEN")
                #expect((lender as? [String: Any])?["openurl"] == nil)
                #expect(try await web.get("/requests/\(id)").html.contains("Placed from the link"))
            }
        }

        @Test func scriptInALinkRendersInert() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let page = try await web.get("/openurl?title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&genre=%3Cb%3E")
                #expect(page.status == .ok)
                #expect(!page.html.contains("<script>alert"))
                #expect(!page.html.contains("<b>"))
                #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            }
        }
    }
}
