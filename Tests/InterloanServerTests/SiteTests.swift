import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// News, FAQ and the contact directory: who edits what, bad input, and the public pages.
    @Suite struct SiteTests {
        static func page(_ context: TestContext, _ path: String) async throws -> (HTTPResponseStatus, String) {
            var result: (HTTPResponseStatus, String) = (.internalServerError, "")
            try await context.app.testing().test(.GET, path) { result = ($0.status, String(buffer: $0.body)) }
            return result
        }

        @Test func theTeamWritesNewsAndFAQAndThePublicHomeShowsThemSafely() async throws {
            try await withTestApp { context in
                #expect(
                    try await context.call(
                        .POST, "/api/v1/pages", as: "BOR",
                        json: #"{"kind": "news", "title": "x", "body": "y"}"#
                    ).status == .forbidden)
                let (bad, explained) = try await context.call(
                    .POST, "/api/v1/pages", as: "TEAM",
                    json: #"{"kind": "blog", "title": "", "body": "y", "position": "first"}"#)
                #expect(bad == .unprocessableEntity)
                let fields = ((explained as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(fields == ["kind", "title", "position"])

                let (created, body) = try await context.call(
                    .POST, "/api/v1/pages", as: "TEAM",
                    json:
                        #"{"kind": "news", "title": "New courier vans", "body": "Vans run **daily**. <script>alert(1)</script> [x](javascript:alert(1))", "position": 2}"#
                )
                #expect(created == .created)
                let id = try #require((body as? [String: Any])?["id"] as? Int)
                #expect((body as? [String: Any])?["updatedOn"] as? String == "2026-11-30")
                try await context.call(
                    .POST, "/api/v1/pages", as: "TEAM",
                    json: #"{"kind": "news", "title": "Earlier item", "body": "First.", "position": 1}"#)
                try await context.call(
                    .POST, "/api/v1/pages", as: "TEAM",
                    json: #"{"kind": "faq", "title": "Where is my item?", "body": "Check the *Not received* queue."}"#)

                let (status, home) = try await Self.page(context, "/")
                #expect(status == .ok)
                #expect(home.contains("Vans run <strong>daily</strong>."))
                #expect(!home.contains("<script>alert(1)"))
                #expect(!home.contains("javascript:"))
                #expect(home.range(of: "Earlier item")!.lowerBound < home.range(of: "New courier vans")!.lowerBound)
                #expect(home.contains("<summary>Where is my item?</summary>"))

                let (_, updated) = try await context.call(
                    .PUT, "/api/v1/pages/\(id)", as: "TEAM",
                    json: #"{"title": "New courier vans (updated)", "body": "Daily runs."}"#)
                #expect((updated as? [String: Any])?["kind"] as? String == "news")
                #expect(try await context.call(.DELETE, "/api/v1/pages/\(id)", as: "TEAM").status == .noContent)
                #expect(try await context.call(.DELETE, "/api/v1/pages/\(id)", as: "TEAM").status == .notFound)
                let (_, news) = try await context.call(.GET, "/api/v1/pages?kind=news")
                #expect((news as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["Earlier item"])
            }
        }

        @Test func adminsEditTheContactDirectoryAndEveryoneSeesIt() async throws {
            try await withTestApp { context in
                let admin = try await issueToken(context.app, role: .admin, libraryID: nil, label: "Admin desk")
                let directory =
                    #"{"team": {"email": "ill-team@test.example.org", "phone": "555-0142", "phoneOption": "3"}, "contacts": [{"name": "Ada Brightwater", "role": "Coordinator", "extension": "211", "email": "ada@test.example.org"}]}"#
                #expect(
                    try await context.call(.PUT, "/api/v1/contacts", as: "TEAM", json: directory).status == .forbidden)
                let (bad, explained) = try await context.call(
                    .PUT, "/api/v1/contacts",
                    json:
                        #"{"team": {"email": "nope", "phone": ""}, "contacts": [{"name": "", "role": "x", "extension": "ext 9"}]}"#,
                    headers: [("Authorization", "Bearer \(admin)")])
                #expect(bad == .unprocessableEntity)
                let fields = ((explained as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(fields == ["team.email", "team.phone", "contacts[0].name", "contacts[0].extension"])
                let (saved, _) = try await context.call(
                    .PUT, "/api/v1/contacts", json: directory, headers: [("Authorization", "Bearer \(admin)")])
                #expect(saved == .ok)

                let (status, page) = try await Self.page(context, "/contacts")
                #expect(status == .ok)
                #expect(
                    page.contains(
                        #"<a href="mailto:ill-team@test.example.org" id="team-email">ill-team@test.example.org</a>"#))
                #expect(page.contains("choose option 3"))
                #expect(page.contains("<td>Ada Brightwater</td><td>Coordinator</td><td>211</td>"))
                let (_, home) = try await Self.page(context, "/")
                #expect(home.contains("<strong>Best:</strong> write to"))
            }
        }

        @Test func theTeamEditsPagesAndAdminsTheDirectoryInTheWebApplication() async throws {
            try await withTestApp { context in
                try await UserModel(
                    email: "admin@test.example.org", name: "Admin", passwordHash: testPasswordHash, role: .admin,
                    libraryID: nil
                ).create(on: context.app.db)
                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                let added = try await team.post(
                    "/site/pages",
                    ["kind": "faq", "title": "How long is a loan?", "body": "As the lender sets it.", "position": "1"],
                    tokenFrom: "/site")
                #expect(added.status == .seeOther)
                #expect((try await team.get("/site")).html.contains("Saved “How long is a loan?”."))
                #expect((try await team.get("/contacts/edit")).status == .forbidden)

                var admin = WebClient(context)
                try await admin.signIn("admin@test.example.org")
                let saved = try await admin.post(
                    "/contacts/edit",
                    [
                        "teamEmail": "ill-team@test.example.org", "teamPhone": "555-0142", "teamPhoneOption": "",
                        "name-0": "Ada Brightwater", "role-0": "Coordinator", "extension-0": "211", "email-0": "",
                        "name-1": "", "role-1": "", "extension-1": "", "email-1": "",
                    ],
                    tokenFrom: "/contacts/edit")
                #expect(saved.status == .seeOther)
                let form = try await admin.get("/contacts/edit")
                #expect(form.html.contains("Contact directory saved."))
                #expect(form.html.contains(#"value="Ada Brightwater""#))

                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                #expect((try await staff.get("/site")).status == .forbidden)
                #expect((try await staff.get("/")).html.contains("<h1>Work queues</h1>"))
            }
        }
    }
}
