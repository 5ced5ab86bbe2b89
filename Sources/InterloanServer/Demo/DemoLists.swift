import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The demo's announcement lists: one for every member, two regional ones of three regions each, with a few
/// posts in their archives and a few confirmed subscribers (the members' own invented ILL addresses).
enum DemoLists {
    static let lists: [AnnouncementListRecord] = [
        AnnouncementListRecord(
            slug: "ill-announce", name: "ILL Announce",
            description: "Resource sharing news for every member library: courier, policies, system changes.",
            regionCodes: ""),
        AnnouncementListRecord(
            slug: "west-central-southeast", name: "Western, Central and Southeastern ILL",
            description: "Courier and delivery news for the Western, Central and Southeastern regions.",
            regionCodes: "WEST,CENT,SE"),
        AnnouncementListRecord(
            slug: "harbor-metrowest-northeast", name: "Harbor, Metrowest and Northeastern ILL",
            description: "Courier and delivery news for the Harbor, Metrowest and Northeastern regions.",
            regionCodes: "HARB,MW,NE"),
    ]

    static let posts: [(list: Int, title: String, body: String, daysAgo: Int)] = [
        (
            0, "Welcome to the new resource sharing system",
            "Requests, renewals and shipments now live in **Interloan**. Sign in with your library's account; the\n"
                + "[courier page](/courier) lists every route and its delivery days.", 30
        ),
        (
            0, "Holiday courier schedule",
            "No courier on **Thanksgiving Day** or **Christmas Day**. Items shipped the day before arrive on the next\n"
                + "delivery day of the receiving library.\n\n- Pack items as usual\n- Label every bin with the route code",
            12
        ),
        (1, "WEST 1 runs late on Thursday", "A driver shortage delays WEST 1 deliveries by one day this week.", 3),
        (2, "Harbor libraries: new pickup times", "Pickups on HARBOR routes move to the afternoon from next month.", 5),
    ]

    /// Seeds once; returns false when the lists are there.
    @discardableResult
    static func seed(_ app: Application, now: Date) async throws -> Bool {
        let sql = app.db.asSQL
        let existing = try await sql.select().column("id").from(AnnouncementListRecord.table).limit(1).all()
        guard existing.isEmpty else { return false }
        var ids: [Int] = []
        for list in self.lists {
            let id = try await sql.insert(into: AnnouncementListRecord.table).row(list).returning("id").first()?
                .decode(column: "id", as: Int.self)
            ids.append(id ?? 0)
        }
        for post in self.posts {
            let record = AnnouncementRecord(
                listID: ids[post.list], title: post.title, body: post.body, bodyHTML: SafeMarkdown.render(post.body),
                searchText: (post.title + " " + SafeMarkdown.plainText(post.body)).lowercased(), route: nil,
                libraries: "", postedAt: now.addingTimeInterval(-Double(post.daysAgo) * 86_400),
                postedBy: "Resource sharing team")
            try await sql.insert(into: AnnouncementRecord.table).row(record).run()
        }
        let members = try await app.libraryDirectory.all(on: app.db).filter(\.isMember).prefix(6)
        for (index, library) in members.enumerated() {
            let subscription = SubscriptionRecord(
                listID: ids[index % 2 == 0 ? 0 : 1], email: library.contactEmail, state: .confirmed,
                confirmTokenHash: nil,
                confirmationsSent: 1, confirmSentAt: now, requestedAt: now, confirmedAt: now)
            try await sql.insert(into: SubscriptionRecord.table).row(subscription).run()
        }
        return true
    }
}
