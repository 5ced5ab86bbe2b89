import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The lending availability registry: declarations are appended, never edited, so the table is the history;
/// the newest declaration covering a day decides it (`AvailabilityDeclaration.effective`).
struct AvailabilityRegistry: Sendable {
    let reads: any SQLDatabase
    let writes: Writes
    let directory: LibraryDirectory

    init(_ request: Request) {
        self.reads = request.reads
        self.writes = request.writes
        self.directory = request.application.libraryDirectory
    }

    /// Reads a declaration from its JSON fields; a 422 names every bad field.
    static func parse(_ body: [String: JSONValue]) throws -> AvailabilityDeclaration {
        var errors: [FieldError] = []
        var status: LendingStatus?
        switch body["lending"] {
        case .string(let text)?:
            status = LendingStatus(rawValue: text)
            if status == nil {
                errors.append(FieldError(field: "lending", message: "'\(text)' is not one of \(Self.statusNames)"))
            }
        case nil, .null?:
            errors.append(FieldError(field: "lending", message: "required: one of \(Self.statusNames)"))
        default:
            errors.append(FieldError(field: "lending", message: "must be a string: one of \(Self.statusNames)"))
        }
        var reason: String?
        switch body["reason"] {
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > 500 { errors.append(FieldError(field: "reason", message: "at most 500 characters")) }
            reason = trimmed.isEmpty ? nil : trimmed
        case nil, .null?: break
        default: errors.append(FieldError(field: "reason", message: "must be text"))
        }
        let from = Self.day(body["from"], field: "from", errors: &errors)
        let until = Self.day(body["until"], field: "until", errors: &errors)
        guard let status, errors.isEmpty else { throw APIError.invalidFields(errors) }
        let declaration = AvailabilityDeclaration(status: status, reason: reason, from: from, until: until)
        guard declaration.problems.isEmpty else { throw APIError.invalidFields(declaration.problems) }
        return declaration
    }

    static let statusNames = LendingStatus.allCases.map(\.rawValue).joined(separator: ", ")

    private static func day(_ value: JSONValue?, field: String, errors: inout [FieldError]) -> Day? {
        switch value {
        case .string(let text)?:
            guard let day = Day(text) else {
                errors.append(FieldError(field: field, message: "'\(text)' is not a date as YYYY-MM-DD"))
                return nil
            }
            return day
        case nil, .null?: return nil
        default:
            errors.append(FieldError(field: field, message: "must be a date as YYYY-MM-DD"))
            return nil
        }
    }

    /// Records `declaration` for `library`; a declaration without `from` starts on `now`'s day.
    func declare(_ declaration: AvailabilityDeclaration, for library: LibraryInfo, by name: String, at now: Date)
        async throws
    {
        let record = AvailabilityRecord(
            libraryID: library.id, status: declaration.status.rawValue, reason: declaration.reason,
            fromDay: (declaration.from ?? Day(now)).description, untilDay: declaration.until?.description,
            declaredAt: now, declaredBy: name)
        // The default nil strategy leaves the id out for the database to assign (PostgreSQL refuses a NULL id).
        try await self.writes.write { sql in
            try await sql.insert(into: AvailabilityRecord.table).row(record).run()
        }
        await self.directory.invalidate()
    }

    /// Every declaration of `library`, newest first.
    func history(of library: LibraryInfo) async throws -> [AvailabilityRecord] {
        try await self.reads.select().column("*").from(AvailabilityRecord.table)
            .where("library_id", .equal, library.id).orderBy("id", .descending)
            .all(reading: AvailabilityRecord.self)
    }
}
