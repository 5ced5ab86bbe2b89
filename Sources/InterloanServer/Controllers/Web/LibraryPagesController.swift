import Fluent
import InterloanCore
import SQLKit
import Vapor

/// The library directory, each library's page, and a library's own settings (contact and loan policy).
struct LibraryPagesController: RouteCollection {
    struct DirectoryPage: Encodable {
        var libraries: [LibraryResource]
    }

    struct LibraryPage: Encodable {
        var library: LibraryResource
        var isOwn: Bool
        /// Whether the viewer may declare this library's availability: its own staff, or the team.
        var mayDeclare: Bool
        var statuses: [Choice]
        var history: [AvailabilityResource.Declaration]
    }

    struct Choice: Encodable {
        var value: String
        var label: String
    }

    struct SettingsPage: Encodable {
        var symbol: String
        var name: String
        var values: [String: String]
        var errors: [String: String]
        var responseDayChoices: [String]
        /// The consortium's retention of patron identities, the most a library may choose.
        var patronDaysLimit: Int
        /// Holdings the library has loaded, counted by record.
        var holdings: Int
        /// The reminder kinds, each with whether the library receives it.
        var reminders: [Reminder]
    }

    struct Reminder: Encodable {
        var kind: String
        var label: String
        var on: Bool
    }

    /// The holdings upload form: a file (MARCXML, binary MARC or CSV, told by its content) and whether it replaces
    /// the old set.
    struct HoldingsUpload: Content {
        var file: File
        var replace: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.libraries, use: self.directory)
        routes.get(SiteURL.library(.key), use: self.library)
        routes.get(SiteURL.settings, use: self.settings)
        routes.post(SiteURL.settings, use: self.saveSettings)
        routes.on(
            .POST, SiteURL.settingsHoldings, body: .collect(maxSize: HoldingsUploadController.maximumBody),
            use: self.uploadHoldings)
    }

    @Sendable func directory(_ request: Request) async throws -> Response {
        let libraries = try await LibraryModel.query(on: request.fluentReads).with(\.$region).sort(\.$name).all()
        var entries: [LibraryResource] = []
        for library in libraries { entries.append(try await DirectoryController.entry(library, request: request)) }
        return try await WebPage.render(
            "libraries", DirectoryPage(libraries: entries), title: "Libraries", for: request)
    }

    @Sendable func library(_ request: Request) async throws -> Response {
        let symbol = (request.parameters.get("symbol") ?? "").uppercased()
        guard
            let library = try await LibraryModel.query(on: request.fluentReads).filter(\.$symbol == symbol).with(
                \.$region
            ).first()
        else { throw Abort(.notFound, reason: "There is no library \(symbol).") }
        let caller = try request.caller
        let isOwn = caller.libraryID == library.id
        let info = try await AvailabilityController.library(request)
        let history = try await AvailabilityResource.load(info, request: request).history.prefix(10).map { entry in
            var shown = entry
            shown.lending = LendingStatus(rawValue: entry.lending)?.label ?? entry.lending
            return shown
        }
        let page = LibraryPage(
            library: try await DirectoryController.entry(library, request: request), isOwn: isOwn,
            mayDeclare: isOwn || caller.isTeam,
            statuses: LendingStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label) },
            history: Array(history))
        return try await WebPage.render("library", page, title: library.name, for: request)
    }

    @Sendable func settings(_ request: Request) async throws -> Response {
        let library = try await LibraryModel.own(by: request)
        let values = [
            "contactEmail": library.contactEmail, "loanDays": String(library.loanDays),
            "renewalsAllowed": library.renewalsAllowed ? "true" : "false", "maxRenewals": String(library.maxRenewals),
            "responseDays": String(library.responseDays),
            "patronRetentionDays": library.patronRetentionDays.map(String.init) ?? "",
        ]
        return try await self.render(
            request, library, values: values, errors: [:], optedOut: library.reminderOptOuts, status: .ok)
    }

    @Sendable func saveSettings(_ request: Request) async throws -> Response {
        let library = try await LibraryModel.own(by: request)
        let form = try request.content.decode([String: String].self)
        var errors: [String: String] = [:]
        let email = (form["contactEmail"] ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = EmailAddress.problem(with: email, field: "contactEmail") {
            errors["contactEmail"] = problem.message
        }
        let loanDays = Int(form["loanDays"] ?? "")
        if loanDays == nil || !(1...365).contains(loanDays!) {
            errors["loanDays"] = "must be a number of days from 1 to 365"
        }
        let maxRenewals = Int(form["maxRenewals"] ?? "")
        if maxRenewals == nil || !(0...10).contains(maxRenewals!) { errors["maxRenewals"] = "must be from 0 to 10" }
        // A form from before the field existed keeps the current response time.
        let responseDays = form["responseDays"].map { Int($0) } ?? library.responseDays
        if responseDays == nil || !LibraryModel.responseDayChoices.contains(responseDays!) {
            errors["responseDays"] =
                "must be one of \(LibraryModel.responseDayChoices.map(String.init).joined(separator: ", ")) working days"
        }
        let patronLimit = request.application.retention.patronDays
        var patronDays: Int?
        if let text = form["patronRetentionDays"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            patronDays = text.utf8.count <= 4 ? Int(text) : nil
            if patronDays == nil || !(1...patronLimit).contains(patronDays!) {
                errors["patronRetentionDays"] =
                    "must be a number of days from 1 to \(patronLimit), or empty for the consortium's \(patronLimit)"
            }
        } else if form["patronRetentionDays"] == nil {
            // A form from before the field existed keeps the library's choice.
            patronDays = library.patronRetentionDays
        }
        // Unticked boxes send nothing, so the form marks that it carried them; an older form keeps the opt-outs.
        let optedOut =
            form["reminders"] == "shown"
            ? Set(NoticeKind.reminders.filter { form["remind-\($0.rawValue)"] != "on" })
            : library.reminderOptOuts
        guard errors.isEmpty, let loanDays, let maxRenewals, let responseDays else {
            return try await self.render(
                request, library, values: form, errors: errors, optedOut: optedOut, status: .unprocessableEntity)
        }
        let libraryID = try library.requireID()
        let chosenPatronDays = patronDays
        let renewalsAllowed = form["renewalsAllowed"] == "true"
        let optOuts = NoticeKind.reminders.filter(optedOut.contains).map(\.rawValue).joined(separator: ",")
        try await request.writes.write { sql in
            try await sql.update(LibraryModel.schema).set("contact_email", to: email).set("loan_days", to: loanDays)
                .set("renewals_allowed", to: renewalsAllowed).set("max_renewals", to: maxRenewals)
                .set("response_days", to: responseDays).set("notice_opt_outs", to: optOuts)
                .set("patron_retention_days", to: chosenPatronDays)
                .where("id", .equal, libraryID).run()
        }
        await request.application.libraryDirectory.invalidate()
        WebSession.setFlash("Settings saved.", on: request)
        return request.redirect(to: SiteURL.settings.path)
    }

    @Sendable func uploadHoldings(_ request: Request) async throws -> Response {
        let library = try await LibraryModel.own(by: request)
        guard let upload = try? request.content.decode(HoldingsUpload.self), upload.file.data.readableBytes > 0 else {
            WebSession.setFlash("Nothing was loaded: choose a MARCXML, binary MARC or CSV file.", on: request)
            return request.redirect(to: SiteURL.settings.path(fragment: "holdings"))
        }
        let file: HoldingsFile
        do {
            file = try HoldingsImport.read(Array(buffer: upload.file.data), fileName: upload.file.filename)
        } catch let refusal as HoldingsImport.Refusal {
            WebSession.setFlash("Nothing was loaded: \(refusal.description)", on: request)
            return request.redirect(to: SiteURL.settings.path(fragment: "holdings"))
        }
        let total = try await HoldingsImport.store(
            file, libraryID: try library.requireID(), replace: upload.replace == "true", reads: request.reads,
            writes: request.writes, now: request.application.clock.now(), logger: request.logger)
        let skipped = file.rejections.prefix(5).map(\.description).joined(separator: "; ")
        let more = file.rejections.count > 5 ? " and \(file.rejections.count - 5) more" : ""
        WebSession.setFlash(
            "Read \(file.recordsRead) records, stored \(file.holdings.count) holdings; \(total) in all."
                + (file.rejections.isEmpty ? "" : " Skipped \(file.rejections.count): \(skipped)\(more)."),
            on: request)
        return request.redirect(to: SiteURL.settings.path(fragment: "holdings"))
    }

    private func render(
        _ request: Request, _ library: LibraryModel, values: [String: String], errors: [String: String],
        optedOut: Set<NoticeKind>, status: HTTPResponseStatus
    ) async throws -> Response {
        var kept = values
        kept["_csrf"] = nil
        let holdings = try await HoldingBlockStore.recordCount(
            of: try library.requireID(), on: request.fluentReads.asSQL)
        let page = SettingsPage(
            symbol: library.symbol, name: library.name, values: kept, errors: errors,
            responseDayChoices: LibraryModel.responseDayChoices.map(String.init),
            patronDaysLimit: request.application.retention.patronDays, holdings: holdings,
            reminders: NoticeKind.reminders.map {
                Reminder(kind: $0.rawValue, label: $0.label, on: !optedOut.contains($0))
            })
        return try await WebPage.render("settings", page, title: "Settings", status: status, for: request)
    }
}

extension LibraryModel {
    /// The library of the signed-in staff member, for its settings pages; the team has none.
    static func own(by request: Request) async throws -> LibraryModel {
        guard let id = try request.caller.libraryID,
            let library = try await LibraryModel.find(id, on: request.fluentReads)
        else {
            throw Abort(.notFound, reason: "Only staff of a library have library settings.")
        }
        return library
    }
}
