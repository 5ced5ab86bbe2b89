import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The demo's public home page: news, FAQ answers and the team's contact directory (invented people; phone
/// numbers in the 555-01xx range reserved for fiction).
enum DemoSite {
    static let pages: [(kind: SitePageRecord.Kind, title: String, body: String)] = [
        (
            .news, "Courier holiday schedule",
            "No courier on **Thanksgiving Day** and **Christmas Day**; see the [courier page](/courier)."
        ),
        (
            .news, "Renewals by mail",
            "Borrowers now get an automatic email with the lender's decision on every renewal request."
        ),
        (
            .faq, "An item has not arrived. What do I do?",
            "Wait until a day past its expected arrival. After that it appears in your **Not received** queue and the team checks with the lender and the courier."
        ),
        (
            .faq, "Can out-of-state libraries borrow from us?",
            "Yes, through the team: write to the team's address and we place the request for them."
        ),
        (
            .faq, "How do I stop reminder emails?",
            "On your library's *Settings* page, untick the reminders you do not want."
        ),
    ]

    static let contacts: [SiteContent.Directory.Contact] = [
        .init(
            name: "Marisol Quenby", role: "Resource sharing coordinator", extension: "211",
            email: "mquenby@hhlx.example.org"),
        .init(
            name: "Tobias Ferrante", role: "Courier and delivery", extension: "214", email: "tferrante@hhlx.example.org"
        ),
        .init(
            name: "Wren Adeyemi", role: "Systems and ISO 18626 partners", extension: "219",
            email: "wadeyemi@hhlx.example.org"),
    ]

    static func seed(_ app: Application, now: Date) async throws {
        let content = SiteContent(application: app, database: app.db)
        guard try await content.pages(nil).isEmpty else { return }
        for (position, page) in self.pages.enumerated() {
            _ = try await content.save(
                nil,
                [
                    "kind": .string(page.kind.rawValue), "title": .string(page.title), "body": .string(page.body),
                    "position": .number(Double(position)),
                ])
        }
        _ = try await content.replace(
            .init(
                team: .init(email: "ill-team@hhlx.example.org", phone: "555-0142", phoneOption: "3"),
                contacts: self.contacts))
    }
}
