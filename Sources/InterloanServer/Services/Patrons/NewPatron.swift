import Foundation
import InterloanCore
import SQLKit

/// A patron account about to be added, checked all at once so a refusal names every offending field. The same
/// rules hold for the command line and the API.
struct NewPatron {
    var barcode: String
    var name: String?
    var email: String?
    var password: String?

    static let fields: Set = ["barcode", "name", "email", "password", "library"]
    /// Staff passwords have the same floor.
    static let minimumPasswordLength = 10

    /// The checked account and every problem found with the values as given. Lengths count Unicode scalars
    /// before trimming, as the API document's `maxLength` does.
    static func check(barcode: String?, name: String?, email: String?, password: String?) -> (NewPatron?, [FieldError])
    {
        var errors: [FieldError] = []
        let trimmed = barcode?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            errors.append(FieldError(field: "barcode", message: "is required"))
        } else if let barcode,
            barcode.unicodeScalars.count > 64 || barcode.unicodeScalars.contains(where: ControlCharacters.isControl)
        {
            errors.append(
                FieldError(field: "barcode", message: "must be up to 64 characters, without control characters"))
        }
        if let name, name.unicodeScalars.count > 200 || name.unicodeScalars.contains(where: ControlCharacters.isControl)
        {
            errors.append(
                FieldError(field: "name", message: "must be up to 200 characters, without control characters"))
        }
        if let email, let problem = EmailAddress.problem(with: email, field: "email") {
            errors.append(problem)
        }
        if let password, !(Self.minimumPasswordLength...200).contains(password.unicodeScalars.count) {
            errors.append(
                FieldError(field: "password", message: "must have \(Self.minimumPasswordLength) to 200 characters"))
        }
        guard errors.isEmpty else { return (nil, errors) }
        let cleanName = name?.trimmingCharacters(in: .whitespaces)
        return (
            NewPatron(
                barcode: trimmed, name: cleanName?.isEmpty == false ? cleanName : nil,
                email: email?.lowercased(), password: password),
            []
        )
    }

    /// Adds the account at `libraryID` with the password already hashed; refuses a barcode or an email the library
    /// already has, naming which.
    func add(at libraryID: Int, passwordHash: String?, now: Date, through writes: Writes) async throws -> PatronRecord {
        let record = PatronRecord(
            libraryID: libraryID, barcode: self.barcode, name: self.name, email: self.email, passwordHash: passwordHash,
            source: .local, notices: "all", createdAt: now, updatedAt: now)
        let (barcode, email) = (self.barcode, self.email)
        return try await writes.write { sql in
            var taken: [FieldError] = []
            if try await sql.select().column("id").from(PatronRecord.table).where("library_id", .equal, libraryID)
                .where("barcode", .equal, barcode).first() != nil
            {
                taken.append(FieldError(field: "barcode", message: "belongs to another patron of this library"))
            }
            if let email,
                try await sql.select().column("id").from(PatronRecord.table).where("library_id", .equal, libraryID)
                    .where("email", .equal, email).first() != nil
            {
                taken.append(FieldError(field: "email", message: "belongs to another patron of this library"))
            }
            guard taken.isEmpty else { throw APIError.invalidFields(taken) }
            let id = try await sql.insert(into: PatronRecord.table).row(record).returning("id").first()?
                .decode(column: "id", as: Int.self)
            var stored = record
            stored.id = id
            return stored
        }
    }
}
