import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The news, FAQ and contact directory the public home page and `/contacts` show: read by anyone, pages written
/// by the team (Markdown, rendered safely), the directory by admins. Every edit is checked whole.
struct SiteContent {
    let application: Application
    let database: any Database

    private var sql: any SQLDatabase { self.database.asSQL }

    struct PageEntry: Content, Equatable {
        var id: Int
        var kind: String
        var title: String
        var body: String
        var html: String
        var position: Int
        var updatedOn: String

        init(_ record: SitePageRecord) {
            self.id = record.id ?? 0
            self.kind = record.kind.rawValue
            self.title = record.title
            self.body = record.body
            self.html = record.bodyHTML
            self.position = record.position
            self.updatedOn = record.updatedOn
        }
    }

    struct Directory: Content, Equatable {
        struct Team: Content, Equatable {
            var email: String
            var phone: String
            var phoneOption: String?
        }

        struct Contact: Content, Equatable {
            var name: String
            var role: String
            var `extension`: String?
            var email: String?
        }

        var team: Team?
        var contacts: [Contact]
    }

    func pages(_ kind: SitePageRecord.Kind?) async throws -> [PageEntry] {
        let query = self.sql.select().column("*").from(SitePageRecord.table)
        if let kind { query.where("kind", .equal, kind.rawValue) }
        return try await query.orderBy("kind").orderBy("position").orderBy("id").all(reading: SitePageRecord.self)
            .map(PageEntry.init)
    }

    /// Creates a page (`id` nil) or replaces one; nil when `id` names none.
    func save(_ id: Int?, _ body: [String: JSONValue]) async throws -> PageEntry? {
        var errors: [FieldError] = []
        let existing = try await id.asyncMap { id in
            try await self.sql.select().column("*").from(SitePageRecord.table).where("id", .equal, id)
                .first(reading: SitePageRecord.self)
        }
        if id != nil, existing == nil { return nil }
        var kind = existing?.kind
        switch body["kind"] {
        case nil, .null?: break
        case .string(let text)? where SitePageRecord.Kind(rawValue: text) != nil:
            kind = SitePageRecord.Kind(rawValue: text)
        default: kind = nil
        }
        if kind == nil { errors.append(FieldError(field: "kind", message: "news or faq")) }
        let title = body["title"]?.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if title.isEmpty || title.count > 200 {
            errors.append(FieldError(field: "title", message: "required, up to 200 characters"))
        }
        let text = body["body"]?.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty || text.count > 20_000 {
            errors.append(FieldError(field: "body", message: "required: Markdown, up to 20,000 characters"))
        }
        var position = existing?.position ?? 0
        switch body["position"] {
        case .number(let number)? where number == number.rounded() && abs(number) < 1_000_000: position = Int(number)
        case .string(let text)? where Int(text).map({ abs($0) < 1_000_000 }) == true: position = Int(text)!
        case nil, .null?: break
        default: errors.append(FieldError(field: "position", message: "a whole number; smaller comes first"))
        }
        guard errors.isEmpty, let kind else { throw APIError.invalidFields(errors) }
        var record = SitePageRecord(
            id: id, kind: kind, title: title, body: text, bodyHTML: SafeMarkdown.render(text), position: position,
            updatedOn: Day(self.application.clock.now()).description)
        let toWrite = record
        record.id = try await self.application.writes.write { sql -> Int? in
            if let id {
                try await sql.update(SitePageRecord.table).set(row: toWrite).where("id", .equal, id).run()
                return id
            }
            return try await sql.insert(into: SitePageRecord.table).row(toWrite).returning("id").first()?
                .decode(column: "id", as: Int.self)
        }
        return PageEntry(record)
    }

    func delete(_ id: Int) async throws -> Bool {
        let removed = try await self.application.writes.write { database in
            try await database.delete(from: SitePageRecord.table).where("id", .equal, id)
                .returning("id").all()
        }
        return !removed.isEmpty
    }

    func directory() async throws -> Directory {
        let team = try await self.sql.select().column("*").from(TeamChannelRecord.table).first(
            reading: TeamChannelRecord.self)
        let contacts = try await self.sql.select().column("*").from(TeamContactRecord.table).orderBy("position")
            .all(reading: TeamContactRecord.self)
        return Directory(
            team: team.map { Directory.Team(email: $0.email, phone: $0.phone, phoneOption: $0.phoneOption) },
            contacts: contacts.map {
                Directory.Contact(name: $0.name, role: $0.role, extension: $0.extension, email: $0.email)
            })
    }

    /// Replaces the whole directory, after checking every field.
    func replace(_ directory: Directory) async throws -> Directory {
        var errors: [FieldError] = []
        if let team = directory.team {
            if let problem = EmailAddress.problem(with: team.email, field: "team.email") { errors.append(problem) }
            if team.phone.trimmingCharacters(in: .whitespaces).isEmpty || team.phone.count > 40 {
                errors.append(FieldError(field: "team.phone", message: "required, up to 40 characters"))
            }
            if let option = team.phoneOption, option.count > 10 {
                errors.append(FieldError(field: "team.phoneOption", message: "up to 10 characters, e.g. 3"))
            }
        }
        for (index, contact) in directory.contacts.enumerated() {
            let field = "contacts[\(index)]"
            if contact.name.trimmingCharacters(in: .whitespaces).isEmpty || contact.name.count > 100 {
                errors.append(FieldError(field: "\(field).name", message: "required, up to 100 characters"))
            }
            if contact.role.trimmingCharacters(in: .whitespaces).isEmpty || contact.role.count > 100 {
                errors.append(FieldError(field: "\(field).role", message: "required, up to 100 characters"))
            }
            if let ext = contact.extension, !ext.isEmpty, ext.count > 10 || !ext.allSatisfy({ $0.isNumber }) {
                errors.append(FieldError(field: "\(field).extension", message: "digits only, up to 10"))
            }
            if let email = contact.email, !email.isEmpty,
                let problem = EmailAddress.problem(with: email, field: "\(field).email")
            {
                errors.append(problem)
            }
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let rows = directory.contacts.enumerated().map { index, contact in
            TeamContactRecord(
                position: index, name: contact.name, role: contact.role,
                extension: contact.extension.flatMap { $0.isEmpty ? nil : $0 },
                email: contact.email.flatMap { $0.isEmpty ? nil : $0 })
        }
        let team = directory.team.map {
            TeamChannelRecord(email: $0.email, phone: $0.phone, phoneOption: $0.phoneOption)
        }
        try await self.application.writes.write { sql in
            try await sql.delete(from: TeamContactRecord.table).run()
            try await sql.delete(from: TeamChannelRecord.table).run()
            for row in rows { try await sql.insert(into: TeamContactRecord.table).row(row).run() }
            if let team { try await sql.insert(into: TeamChannelRecord.table).row(team).run() }
        }
        return try await self.directory()
    }
}
