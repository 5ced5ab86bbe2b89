import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// Posting to a list (archived, and mailed to every confirmed subscriber in one transaction) and reading the
/// archive.
struct Announcements {
    let application: Application
    let database: any Database
    static let pageSize = 25

    private var sql: any SQLDatabase { self.database.asSQL }

    /// Checks and posts; returns the post and how many mails were queued.
    func post(_ body: [String: JSONValue], to list: AnnouncementListRecord, by caller: Caller) async throws
        -> (AnnouncementRecord, queued: Int)
    {
        var errors: [FieldError] = []
        let title = body["title"]?.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if title.isEmpty || title.count > 200 {
            errors.append(FieldError(field: "title", message: "required, up to 200 characters"))
        }
        let text = body["body"]?.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty || text.count > 20_000 {
            errors.append(FieldError(field: "body", message: "required: Markdown, up to 20,000 characters"))
        }
        let directory = self.application.libraryDirectory
        var route: String?
        if let raw = body["route"]?.text, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let routes = Set(try await directory.all(on: self.database).compactMap(\.stop.route))
            route = CourierEditor.routeCode(raw)
            if route == nil || !routes.contains(route!) {
                errors.append(FieldError(field: "route", message: "no library is a stop on \(raw)"))
            }
        }
        var symbols: [String] = []
        switch body["libraries"] {
        case nil, .null?, .array?: break
        default: errors.append(FieldError(field: "libraries", message: "a list of library symbols"))
        }
        switch body["route"] {
        case nil, .null?, .string?: break
        default: errors.append(FieldError(field: "route", message: "a route code such as WEST 2"))
        }
        switch body["delay"] {
        case nil, .null?, .object?: break
        default: errors.append(FieldError(field: "delay", message: "an object with from and until"))
        }
        if case .array(let items)? = body["libraries"] {
            for item in items {
                guard let symbol = item.text?.uppercased(),
                    try await directory.library(symbol: symbol, on: self.database) != nil
                else {
                    errors.append(FieldError(field: "libraries", message: "not in the directory: \(item.text ?? "?")"))
                    continue
                }
                symbols.append(symbol)
            }
        }
        // A post about a route delay also posts the delay, so expected arrivals on the route move with it.
        var delay: (from: Day, until: Day)?
        if case .object(let fields)? = body["delay"] {
            let from = fields["from"]?.text.flatMap(Day.init)
            let until = fields["until"]?.text.flatMap(Day.init)
            if from == nil { errors.append(FieldError(field: "delay.from", message: "required: a date (YYYY-MM-DD)")) }
            if until == nil {
                errors.append(FieldError(field: "delay.until", message: "required: a date (YYYY-MM-DD)"))
            }
            if let from, let until, until < from {
                errors.append(FieldError(field: "delay.until", message: "until (\(until)) is before from (\(from))"))
            }
            if body["route"]?.text == nil {
                errors.append(FieldError(field: "route", message: "a delay names its route"))
            }
            if let from, let until { delay = (from, until) }
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let now = self.application.clock.now()
        let delayRecord = delay.map {
            RouteDelayRecord(
                route: route ?? "", fromDay: $0.from.description, untilDay: $0.until.description, message: title,
                postedAt: now, postedBy: caller.actor.name)
        }
        var post = AnnouncementRecord(
            listID: list.id!, title: title, body: text, bodyHTML: SafeMarkdown.render(text),
            searchText: (title + " " + SafeMarkdown.plainText(text)).lowercased(), route: route,
            libraries: symbols.joined(separator: ","), postedAt: now, postedBy: caller.actor.name)
        let links = try await ListLinks.load(self.application, on: self.database)
        let host = URL(string: links.baseURL)?.host ?? "localhost"
        let subscribers = try await self.sql.select().column("id").column("email").from(SubscriptionRecord.table)
            .where("list_id", .equal, list.id!).where("state", .equal, SubscriptionRecord.State.confirmed.rawValue)
            .orderBy("id").all(decoding: Subscriber.self)
        let toInsert = post
        let id = try await self.application.writes.write { sql -> Int in
            guard
                let id = try await sql.insert(into: AnnouncementRecord.table).row(toInsert).returning("id").first()?
                    .decode(column: "id", as: Int.self)
            else { throw APIError.staleVersion }
            if let delayRecord { try await sql.insert(into: RouteDelayRecord.table).row(delayRecord).run() }
            let permalink = links.permalink(list.slug, id)
            let mail = ListMail.Announcement(toInsert, list: list, permalink: permalink)
            for start in stride(from: 0, to: subscribers.count, by: 500) {
                let records = subscribers[start..<min(start + 500, subscribers.count)].map { subscriber -> MailRecord in
                    let unsubscribe = links.unsubscribe(list.slug, subscription: subscriber.id, email: subscriber.email)
                    let personal = mail.personal(unsubscribe: unsubscribe)
                    var record = MailRecord(
                        requestID: nil, libraryID: nil, kind: "announcement",
                        dedupeKey: "announcement:\(id):\(subscriber.id)",
                        recipient: subscriber.email, subject: mail.subject, textBody: personal.text,
                        htmlBody: personal.html,
                        state: .pending, attempts: 0, nextAttemptAt: now, createdAt: now)
                    record.headers = ListMail.headers(
                        list: list, host: host, archive: links.archive(list.slug), unsubscribe: unsubscribe)
                    return record
                }
                try await MailQueue.enqueue(records, on: sql)
            }
            return id
        }
        post.id = id
        if delayRecord != nil { await self.application.courierCalendar.invalidate() }
        return (post, subscribers.count)
    }

    private struct Subscriber: Decodable {
        let id: Int
        let email: String
    }

    /// One page of the archive, newest first, optionally only posts matching `search`; and how many match.
    func archive(of list: AnnouncementListRecord, search: String?, page: Int) async throws -> (
        [AnnouncementRecord], total: Int
    ) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.from(AnnouncementRecord.table).where("list_id", .equal, list.id!)
            if let search, !search.isEmpty {
                query.where("search_text", .like, "%" + search.lowercased().filter { $0 != "%" && $0 != "_" } + "%")
            }
            return query
        }
        let total =
            try await filtered(self.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let posts = try await filtered(self.sql.select().column("*")).orderBy("id", .descending)
            .limit(Self.pageSize).offset((page - 1) * Self.pageSize).all(reading: AnnouncementRecord.self)
        return (posts, total)
    }

    func post(_ id: Int, in list: AnnouncementListRecord) async throws -> AnnouncementRecord? {
        try await self.sql.select().column("*").from(AnnouncementRecord.table).where("id", .equal, id)
            .where("list_id", .equal, list.id!).first(reading: AnnouncementRecord.self)
    }

    /// The newest posts about `route` or naming `symbol`, for a library's home page.
    func concerning(route: String?, symbol: String, since: Date) async throws -> [AnnouncementRecord] {
        try await self.sql.select().column("*").from(AnnouncementRecord.table)
            .where("posted_at", .greaterThanOrEqual, since)
            .where(group: { group in
                if let route { group.where("route", .equal, route) }
                // Whole symbols only: the list is comma-separated.
                return group.orWhere(SQLQueryString("(',' || libraries || ',') LIKE \(bind: "%,\(symbol),%")"))
            })
            .orderBy("id", .descending).limit(5).all(reading: AnnouncementRecord.self)
    }
}
