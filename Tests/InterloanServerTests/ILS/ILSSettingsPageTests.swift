import Foundation
import Testing
import Vapor

@testable import InterloanServer

extension DatabaseTests {
    /// Settings › Local system: staff save their NCIP connection through the form, the secret never comes back
    /// into the page, bad values are named, and Test connection shows a real lookup's answer.
    @Suite struct ILSSettingsPageTests {
        static func fields(endpoint: String, secret: String = "form-secret-77") -> [String: String] {
            [
                "protocol": "ncip", "endpoint": endpoint, "fromAgencyId": "Interloan", "toAgencyId": "BOR-MAIN",
                "authentication": secret, "applicationProfileType": "", "lendingPatronId": "ILL-LENDING",
                "call-lookupUser": "on", "call-acceptItem": "on", "call-checkOutItem": "on", "call-checkInItem": "on",
            ]
        }

        @Test func staffSaveTheConnectionAndTheSecretStaysOutOfThePage() async throws {
            try await withTestApp { context in
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let empty = try await staff.get("/settings/ils")
                #expect(empty.status == .ok)
                #expect(!empty.html.contains("one is stored"))
                let saved = try await staff.post(
                    "/settings/ils", Self.fields(endpoint: "https://ils.bor.example.org/ncip"),
                    tokenFrom: "/settings/ils")
                #expect(saved.location == "/settings/ils")
                let page = try await staff.get("/settings/ils")
                #expect(page.html.contains("one is stored; leave blank to keep it"))
                #expect(page.html.contains(#"value="https://ils.bor.example.org/ncip""#))
                #expect(!page.html.contains("form-secret-77"))
                #expect(page.html.contains(#"name="call-acceptItem" checked"#))
                #expect(!page.html.contains(#"name="call-deleteItem" checked"#))
                #expect(try await ILSConnectionsProbe.secret(of: "BOR", in: context) == "form-secret-77")

                var kept = Self.fields(endpoint: "https://ils.bor.example.org/ncip2")
                kept["authentication"] = ""
                _ = try await staff.post("/settings/ils", kept, tokenFrom: "/settings/ils")
                #expect(try await ILSConnectionsProbe.secret(of: "BOR", in: context) == "form-secret-77")
            }
        }

        @Test func badValuesAreNamedAndNothingIsSaved() async throws {
            try await withTestApp { context in
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                var fields = Self.fields(endpoint: "")
                fields["lendingPatronId"] = ""
                let bad = try await staff.post("/settings/ils", fields, tokenFrom: "/settings/ils")
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.html.contains("required when protocol is ncip"))
                #expect(bad.html.contains("required while checkOutItem is on"))
                #expect(!bad.html.contains("form-secret-77"))
                #expect(try await ILSConnectionsProbe.secret(of: "BOR", in: context) == nil)
            }
        }

        @Test func testConnectionShowsTheILSsAnswerWithTheSecretMasked() async throws {
            let responder = try await FakeNCIPResponder.start()
            do {
                try await withTestApp { context in
                    let sample = try NCIPClientTests.sample("koha3xx_response_user-ext-notloanable.xml")
                    responder.answer(.xml(sample))
                    var staff = WebClient(context)
                    try await staff.signIn("staff@bor.example.org")
                    _ = try await staff.post(
                        "/settings/ils", Self.fields(endpoint: responder.endpoint), tokenFrom: "/settings/ils")
                    let tested = try await staff.post(
                        "/settings/ils/test", ["patronId": "P 1001"], tokenFrom: "/settings/ils")
                    #expect(tested.status == .ok)
                    #expect(
                        tested.html.contains(
                            "The ILS knows this patron: Mr Dan Němec; email kozlovsky@mzk.cz; no blocks."))
                    #expect(tested.html.contains("&lt;UserIdentifierValue&gt;P 1001&lt;/UserIdentifierValue&gt;"))
                    #expect(!tested.html.contains("form-secret-77"))
                    #expect(responder.received.last?.contains("form-secret-77") == true)
                }
            } catch {
                try await responder.stop()
                throw error
            }
            try await responder.stop()
        }

        @Test func testingWithoutASavedConnectionSaysSo() async throws {
            try await withTestApp { context in
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let tested = try await staff.post("/settings/ils/test", ["patronId": "P 1"], tokenFrom: "/settings/ils")
                #expect(tested.status == .unprocessableEntity)
                #expect(tested.html.contains("save an NCIP connection first"))
            }
        }

        @Test func theTeamHasNoLocalSystemPage() async throws {
            try await withTestApp { context in
                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                #expect(try await team.get("/settings/ils").status == .notFound)
            }
        }
    }
}
