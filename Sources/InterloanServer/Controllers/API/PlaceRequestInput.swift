import InterloanCore
import Vapor

/// The fields of a new request, checked all at once so a 422 names every offending field.
struct PlaceRequestInput {
    var title: String
    var serviceType: ServiceType
    var borrower: String?
    var lenders: [String]
    var neededBy: Day?
    var text: [String: String]
    var patron: (id: String?, name: String?, email: String?)

    static let textFields = [
        "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume", "issue", "pages", "notes",
        "openurl", "eissn", "publicationDate", "copyrightCompliance", "copyrightNote",
    ]
    /// The longest text of each field that takes more than the usual 500 characters.
    static let longFields = ["notes": 2000, "openurl": OpenURLNormalizer.maximumQueryBytes]
    static let otherFields: Set = ["title", "serviceType", "borrower", "lenders", "neededBy", "patron"]

    /// The parsed input and every problem found; the caller adds the directory's checks before refusing.
    static func parse(_ body: [String: JSONValue]) -> (input: PlaceRequestInput, errors: [FieldError]) {
        var errors: [FieldError] = []
        func text(_ name: String, _ value: JSONValue?, limit: Int = 500) -> String? {
            guard let value, value != .null else { return nil }
            guard case .string(let raw) = value else {
                errors.append(FieldError(field: name, message: "must be text"))
                return nil
            }
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > limit {
                errors.append(FieldError(field: name, message: "is longer than \(limit) characters"))
            }
            return trimmed.isEmpty ? nil : trimmed
        }

        for name in body.keys.sorted() where !Self.otherFields.contains(name) && !Self.textFields.contains(name) {
            errors.append(FieldError(field: name, message: "is not a field of a request"))
        }
        let title = text("title", body["title"])
        if title == nil { errors.append(FieldError(field: "title", message: "is required")) }

        var serviceType = ServiceType.loan
        if let raw = text("serviceType", body["serviceType"]) {
            if let parsed = ServiceType(rawValue: raw) {
                serviceType = parsed
            } else {
                errors.append(FieldError(field: "serviceType", message: "must be loan or copy"))
            }
        }
        var values: [String: String] = [:]
        for name in Self.textFields {
            values[name] = text(name, body[name], limit: Self.longFields[name] ?? 500)
        }
        if let isbn = values["isbn"], !Identifiers.isPlausibleISBN(isbn) {
            errors.append(FieldError(field: "isbn", message: "must be an ISBN of 10 or 13 digits"))
        }
        if let issn = values["issn"], !Identifiers.isPlausibleISSN(issn) {
            errors.append(FieldError(field: "issn", message: "must be an ISSN of 8 digits, e.g. 1234-567X"))
        }
        if let eissn = values["eissn"], !Identifiers.isPlausibleISSN(eissn) {
            errors.append(FieldError(field: "eissn", message: "must be an ISSN of 8 digits, e.g. 1234-567X"))
        }
        if let oclc = values["oclcNumber"], !Identifiers.isPlausibleOCLCNumber(oclc) {
            errors.append(FieldError(field: "oclcNumber", message: "must be an OCLC number, e.g. ocm12345678"))
        }
        if serviceType == .copy && values["articleTitle"] == nil && values["pages"] == nil {
            errors.append(FieldError(field: "articleTitle", message: "a copy needs the article title or the pages"))
        }

        if let date = values["publicationDate"], !Self.isPublicationDate(date) {
            errors.append(
                FieldError(field: "publicationDate", message: "must be a year, YYYY-MM or YYYY-MM-DD, e.g. 2024"))
        }
        if let terms = values["copyrightCompliance"] {
            if serviceType != .copy {
                errors.append(
                    FieldError(field: "copyrightCompliance", message: "only a copy is asked under copyright terms"))
            } else if CopyrightCompliance(rawValue: terms) == nil {
                errors.append(FieldError(field: "copyrightCompliance", message: "must be US-CCG, US-CCL or other"))
            } else if terms == CopyrightCompliance.other.rawValue, values["copyrightNote"] == nil {
                errors.append(FieldError(field: "copyrightNote", message: "other terms need a note saying which"))
            }
        }

        var neededBy: Day?
        if let raw = text("neededBy", body["neededBy"]) {
            neededBy = Day(raw)
            if neededBy == nil {
                errors.append(FieldError(field: "neededBy", message: "must be a date written YYYY-MM-DD"))
            }
        }
        var borrower: String?
        if let raw = text("borrower", body["borrower"]) {
            borrower = LibrarySymbol.normalize(raw)
            if borrower == nil { errors.append(FieldError(field: "borrower", message: "must be a library symbol")) }
        }
        var lenders: [String] = []
        let lenderField = ActionField(name: "lenders", kind: .symbols, isRequired: false, label: "Lenders")
        switch lenderField.parse(body["lenders"]?.raw ?? .null) {
        case .success(.symbols(let symbols)?): lenders = symbols
        case .success: break
        case .failure(let error): errors.append(error)
        }

        var patron: (id: String?, name: String?, email: String?) = (nil, nil, nil)
        switch body["patron"] {
        case nil, .null?: break
        case .object(let fields)?:
            for name in fields.keys.sorted() where !["id", "name", "email"].contains(name) {
                errors.append(FieldError(field: "patron.\(name)", message: "is not a field of a patron"))
            }
            patron = (
                text("patron.id", fields["id"], limit: 100), text("patron.name", fields["name"], limit: 200),
                text("patron.email", fields["email"], limit: 254)
            )
            if let email = patron.email, let problem = EmailAddress.problem(with: email, field: "patron.email") {
                errors.append(problem)
            }
        default:
            errors.append(FieldError(field: "patron", message: "must be an object with id, name and email"))
        }

        let input = PlaceRequestInput(
            title: title ?? "", serviceType: serviceType, borrower: borrower, lenders: lenders, neededBy: neededBy,
            text: values, patron: patron)
        return (input, errors)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a year from 1000 to 2999, as catalogues and OpenURL `date` give it.
    static func isPublicationDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (1000...2999).contains(year)
        else { return false }
        return parts.dropFirst().allSatisfy { $0.count == 2 && $0.allSatisfy { ("0"..."9").contains($0) } }
            && (parts.count < 2 || (1...12).contains(Int(parts[1]) ?? 0))
            && (parts.count < 3 || (1...31).contains(Int(parts[2]) ?? 0))
    }

    /// The year of a publication date this input accepted.
    static func year(of date: String?) -> Int? {
        date.flatMap { Int($0.prefix(4)) }
    }
}
