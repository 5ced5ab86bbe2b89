import Foundation
import InterloanCore
import Vapor

/// What an out-of-state library without ISO 18626 asks for on the public form: who it is, where to ship, the
/// item. Nothing is stored until the contact confirms from the mailed link, so the form travels inside that link,
/// signed with the installation's secret and good for `lifetime`.
struct OutsideReferral: Codable, Sendable, Equatable {
    var libraryName: String
    var address: String
    var contactEmail: String
    var oclcSymbol: String?
    /// The request's fields, as the API takes them (title, author, identifiers, copy fields, neededBy, notes).
    var item: [String: String]
    var issuedAt: Date

    static let lifetime: TimeInterval = 3 * 86_400
    /// The form's fields besides the item's.
    static let libraryFields = ["libraryName", "address", "contactEmail", "oclcSymbol", "agree"]
    static let itemFields = [
        "serviceType", "title", "author", "isbn", "issn", "oclcNumber", "articleTitle", "journalTitle", "volume",
        "issue", "pages", "neededBy", "notes",
    ]
    /// The longest form a link carries: the signed link stays under the 4 KB signed values may have.
    static let largestForm = 2800

    /// The referral in `form`, or every problem with it, each naming its field.
    static func check(_ form: [String: String], now: Date) -> Result<OutsideReferral, APIError> {
        var errors: [FieldError] = []
        func text(_ name: String, limit: Int, required: Bool, lines: Bool = false) -> String? {
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if required { errors.append(FieldError(field: name, message: "is required")) }
                return nil
            }
            let bad = value.unicodeScalars.contains { ControlCharacters.isControl($0) && !(lines && $0 == "\n") }
            if value.unicodeScalars.count > limit || bad {
                errors.append(FieldError(field: name, message: "must be up to \(limit) characters of plain text"))
            }
            return value
        }
        let name = text("libraryName", limit: 200, required: true)
        let address = text("address", limit: 500, required: true, lines: true)?
            .replacingOccurrences(of: "\r\n", with: "\n")
        let email = text("contactEmail", limit: 254, required: true)
        if let email, let problem = EmailAddress.problem(with: email, field: "contactEmail") { errors.append(problem) }
        var symbol: String?
        if let raw = text("oclcSymbol", limit: 16, required: false) {
            symbol = LibrarySymbol.normalize(raw)
            if symbol == nil {
                errors.append(FieldError(field: "oclcSymbol", message: "must be an OCLC symbol of 2 to 16 letters"))
            }
        }
        if form["agree"] != "yes" {
            errors.append(FieldError(field: "agree", message: "the lending terms must be accepted"))
        }
        var item: [String: String] = [:]
        var body: [String: JSONValue] = [:]
        for field in Self.itemFields {
            guard let value = form[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                continue
            }
            item[field] = value
            body[field] = .string(value)
        }
        if let notes = item["notes"], notes.unicodeScalars.count > 500 {
            errors.append(FieldError(field: "notes", message: "is longer than 500 characters"))
        }
        errors += PlaceRequestInput.parse(body).errors
        let referral = OutsideReferral(
            libraryName: name ?? "", address: address ?? "", contactEmail: (email ?? "").lowercased(),
            oclcSymbol: symbol, item: item, issuedAt: now)
        if errors.isEmpty, let encoded = try? JSONEncoder().encode(referral), encoded.count > Self.largestForm {
            errors.append(FieldError(field: "notes", message: "the form is too long: shorten the notes or the address"))
        }
        guard errors.isEmpty else { return .failure(.invalidFields(errors)) }
        return .success(referral)
    }

    /// The link's token: the referral, signed.
    func token(_ cookies: BrowserCookies) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        // The same form sent twice in one second is one link, so its mail is queued once.
        encoder.outputFormatting = .sortedKeys
        return cookies.signed(Self.prefix + BrowserCookies.base64URL(try encoder.encode(self)))
    }

    /// The referral a token carries, when its signature holds and it is not older than `lifetime`.
    static func read(_ token: String, _ cookies: BrowserCookies, now: Date) -> OutsideReferral? {
        guard let value = cookies.verified(token), value.hasPrefix(Self.prefix),
            let data = BrowserCookies.data(base64URL: String(value.dropFirst(Self.prefix.count)))
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let referral = try? decoder.decode(OutsideReferral.self, from: data),
            now.timeIntervalSince(referral.issuedAt) < Self.lifetime, referral.issuedAt <= now.addingTimeInterval(60)
        else { return nil }
        return referral
    }

    /// Keeps the signed value apart from the cookies signed with the same secret.
    private static let prefix = "outside-"
}
