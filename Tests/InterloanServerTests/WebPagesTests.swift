import Fluent
import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The staff web application through its routes, as a browser without JavaScript uses it.
    @Suite struct WebPagesTests {
        @Test func pagesNeedASignInAndComeBackAfterIt() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                let (status, _, location) = try await web.get("/queues/borrowing/new")
                #expect(status == .seeOther)
                #expect(location == "/login?next=%2Fqueues%2Fborrowing%2Fnew")
                let login = try await web.get(location!)
                #expect(login.html.contains(#"name="_csrf""#))
                let signedIn = try await web.post(
                    "/login",
                    ["email": "staff@bor.example.org", "password": testPassword, "next": "/queues/borrowing/new"],
                    tokenFrom: location!)
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.location == "/queues/borrowing/new")
                #expect(try await web.get("/queues/borrowing/new").status == .ok)
            }
        }

        @Test func aWrongPasswordSaysSoWithoutRevealingTheAccountAndIsSlowedDown() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                let known = try await web.signIn("staff@bor.example.org", password: "not the password")
                var unknownClient = WebClient(context)
                let unknown = try await unknownClient.signIn("nobody@example.org", password: "not the password")
                #expect(known.status == .unauthorized)
                #expect(unknown.status == .unauthorized)
                #expect(known.html.contains("The email or the password is wrong."))
                #expect(unknown.html.contains("The email or the password is wrong."))
                for _ in 0..<4 { _ = try await web.signIn("staff@bor.example.org", password: "still wrong") }
                let throttled = try await web.signIn("staff@bor.example.org")
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.html.contains("Too many failed attempts"))
            }
        }

        @Test func aFormWithoutItsCSRFTokenIsRefusedAndChangesNothing() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let forged = try await web.post("/requests", ["title": "Forged", "lenders": "LEN"], csrf: "il_forged")
                #expect(forged.status == .forbidden)
                #expect(forged.html.contains("This form has expired"))
                #expect(try await context.app.storedRequests().count == 0)
            }
        }

        @Test func anInvalidRequestFormComesBackWithMessagesAndTheInputKept() async throws {
            try await withTestApp { context in
                var web = WebClient(context)
                try await web.signIn("staff@bor.example.org")
                let result = try await web.post(
                    "/requests", ["title": "", "author": "Ashdown, Rowan", "isbn": "12", "lenders": "BOR"],
                    tokenFrom: "/requests/new")
                #expect(result.status == .unprocessableEntity)
                #expect(result.html.contains(#"value="Ashdown, Rowan""#))
                #expect(result.html.contains("must be an ISBN of 10 or 13 digits"))
                #expect(result.html.contains("the borrowing library never lends to itself"))
                #expect(result.html.contains("title: is required"))
                #expect(try await context.app.storedRequests().count == 0)
            }
        }

        @Test func theRequestPageOffersRenewalOnlyAfterReceipt() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2026-12-28"}"#)
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                let shipped = try await borrower.get("/requests/\(id)")
                #expect(Self.offered(shipped.html) == ["receive", "reportLost"])
                let received = try await borrower.post(
                    "/requests/\(id)/actions/receive", [:], tokenFrom: "/requests/\(id)")
                #expect(received.location == "/requests/\(id)")
                let page = try await borrower.get("/requests/\(id)")
                #expect(Self.offered(page.html) == ["renew", "returnShip", "reportLost", "reportDamaged"])
                #expect(page.html.contains("Renewal request date"))
                #expect(page.html.contains("Received: done"))
            }
        }

        @Test func anActionWithBadFieldsIsShownAgainWithTheMessage() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let result = try await lender.post(
                    "/requests/\(id)/actions/ship", ["carrier": "courier", "dueDate": "2026-11-01"],
                    tokenFrom: "/requests/\(id)")
                #expect(result.status == .unprocessableEntity)
                #expect(result.html.contains("the due date lies after the ship date"))
                #expect(result.html.contains(#"value="2026-11-01""#))
                let (_, state) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "LEN")
                #expect((state as? [String: Any])?["status"] as? String == "willSupply")
            }
        }

        @Test func theLenderNeverSeesThePatronAndOthersSeeNothing() async throws {
            try await withTestApp { context in
                let id = try await context.place(
                    #"{"title": "Quiet Harbor", "lenders": ["LEN"], "patron": {"name": "Tatum Larkspur"}}"#)
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                #expect(try await borrower.get("/requests/\(id)").html.contains("Tatum Larkspur"))
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let lenderPage = try await lender.get("/requests/\(id)")
                #expect(lenderPage.status == .ok)
                #expect(!lenderPage.html.contains("Tatum Larkspur"))
                var other = WebClient(context)
                try await other.signIn("staff@oth.example.org")
                let otherPage = try await other.get("/requests/\(id)")
                #expect(otherPage.status == .notFound)
                #expect(!otherPage.html.contains("Quiet Harbor"))
            }
        }

        @Test func scriptInATitleRendersInert() async throws {
            try await withTestApp { context in
                let id = try await context.place(#"{"title": "<script>alert('x')</script>", "lenders": ["LEN"]}"#)
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                let page = try await borrower.get("/requests/\(id)")
                #expect(!page.html.contains("<script>alert"))
                #expect(page.html.contains("&lt;script&gt;alert"))
            }
        }

        @Test func homeCountsQueuesAndQuickUpdateFindsByIdAndAppliesTheNextAction() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                try await context.act(id, "willSupply", as: "LEN")
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let home = try await lender.get("/")
                #expect(
                    home.html.contains(
                        #"<span>Will supply (to pull and ship)</span> <span class="count busy">1</span>"#))
                let quick = try await lender.get("/quick?id=\(id.lowercased())")
                #expect(quick.html.contains(#"id="quick-apply""#))
                #expect(quick.html.contains("/actions/ship"))
                let csrf = WebClient.csrf(in: quick.html)
                let shipped = try await lender.post(
                    "/requests/\(id)/actions/ship",
                    ["carrier": "courier", "dueDate": "2026-12-28", "_return": "quick"], csrf: csrf)
                #expect(shipped.location == "/quick")
                let missing = try await lender.get("/quick?id=IL-ZZZZZZ")
                #expect(missing.html.contains("No request IL-ZZZZZZ that you can see."))
            }
        }

        @Test func searchFindsOwnPatronsButNotOtherLibrariesRequests() async throws {
            try await withTestApp { context in
                let id = try await context.place(
                    #"{"title": "Compass and Stone", "lenders": ["LEN"], "patron": {"name": "Reese Holloway"}}"#)
                var borrower = WebClient(context)
                try await borrower.signIn("staff@bor.example.org")
                #expect(try await borrower.get("/requests?q=holloway").html.contains(id))
                #expect(try await borrower.get("/requests?q=compass&status=sentToLender").html.contains(id))
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                #expect(!(try await lender.get("/requests?q=holloway").html.contains(id)))
                var other = WebClient(context)
                try await other.signIn("staff@oth.example.org")
                #expect(!(try await other.get("/requests?q=compass").html.contains(id)))
                #expect(try await borrower.get("/requests?from=yesterday").status == .unprocessableEntity)
            }
        }

        @Test func slipsNameTheDestinationAndItsCourierRoute() async throws {
            try await withTestApp { context in
                let id = try await context.place()
                var lender = WebClient(context)
                try await lender.signIn("staff@len.example.org")
                let slip = try await lender.get("/requests/\(id)/routing-slip")
                #expect(slip.html.contains("BOR Library"))
                #expect(slip.html.contains("WEST 1"))
                #expect(slip.html.contains("*\(id)*"))
                #expect(try await lender.get("/requests/\(id)/pick-slip").status == .ok)
            }
        }

        @Test func aLibraryEditsItsOwnSettingsAndBadValuesAreNamed() async throws {
            try await withTestApp { context in
                var staff = WebClient(context)
                try await staff.signIn("staff@len.example.org")
                let bad = try await staff.post(
                    "/settings",
                    ["contactEmail": "nope", "loanDays": "0", "renewalsAllowed": "true", "maxRenewals": "2"],
                    tokenFrom: "/settings")
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.html.contains("must be an email address"))
                let good = try await staff.post(
                    "/settings",
                    [
                        "contactEmail": "loans@len.example.org", "loanDays": "42", "renewalsAllowed": "false",
                        "maxRenewals": "0",
                    ], tokenFrom: "/settings")
                #expect(good.location == "/settings")
                let library = try await LibraryModel.query(on: context.app.db).filter(\.$symbol == "LEN").first()
                #expect(library?.loanDays == 42)
                #expect(library?.renewalsAllowed == false)
            }
        }

        @Test func staticFilesAreServedWithAnETag() async throws {
            try await withTestApp { context in
                var etag: String?
                try await context.app.testing().test(.GET, "/css/app.css") { response in
                    #expect(response.status == .ok)
                    #expect(response.headers.contentType == .css)
                    etag = response.headers.first(name: .eTag)
                }
                try await context.app.testing().test(.GET, "/css/app.css", headers: ["If-None-Match": etag ?? ""]) {
                    response in
                    #expect(response.status == .notModified)
                }
            }
        }

        /// The actions offered in the Update options panel, in order.
        static func offered(_ html: String) -> [String] {
            html.components(separatedBy: #"<details class="action" id="action-"#).dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
        }
    }
}

extension DatabaseTests.WebPagesTests {
    @Test func anUnknownPathIsAPlainNotFoundPage() async throws {
        try await withTestApp { context in
            var web = WebClient(context)
            let page = try await web.get("/favicon.ico")
            #expect(page.status == .notFound)
            #expect(page.html.contains("<h1>Not found</h1>"))
            #expect(web.cookies.isEmpty)
        }
    }
}

extension DatabaseTests.WebPagesTests {
    @Test func theTeamSeesItsMediationQueueAndRoutesFromTheRequestPage() async throws {
        try await withTestApp { context in
            let id = try await context.place(#"{"title": "Nobody holds this"}"#)
            var team = WebClient(context)
            try await team.signIn("team@test.example.org")
            let home = try await team.get("/")
            #expect(home.html.contains("Consortium team"))
            #expect(home.html.contains(#"<span>Needs a lender (mediation)</span> <span class="count busy">1</span>"#))
            #expect(!home.html.contains("Borrowing"))
            #expect(try await team.get("/queues/team/mediation").html.contains(id))
            #expect(try await team.get("/queues/borrowing/new").status == .notFound)
            let page = try await team.get("/requests/\(id)")
            #expect(Self.offered(page.html) == ["cancel", "route"])
            let routed = try await team.post(
                "/requests/\(id)/actions/route", ["lenders": "LEN, LEN2"], tokenFrom: "/requests/\(id)")
            #expect(routed.status == .seeOther)
            let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "TEAM")
            #expect((body as? [String: Any])?["currentLender"] as? String == "LEN")
        }
    }

    @Test func anExpiredSessionLeadsToSignInAndBack() async throws {
        try await withTestApp { context in
            var web = WebClient(context)
            try await web.signIn("staff@bor.example.org")
            #expect(try await web.get("/libraries").status == .ok)
            context.app.clock = .fixed(testNow.addingTimeInterval(13 * 3600))
            let expired = try await web.get("/libraries")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/login?next=%2Flibraries")
        }
    }
}
