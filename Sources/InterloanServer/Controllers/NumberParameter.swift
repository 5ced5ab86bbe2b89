import InterloanCore
import Vapor

/// A whole number a client may send in a query string or a form, with the range it must fall in.
///
/// Every number a client chooses is read through one of these, once, before any arithmetic: a value out of range,
/// beyond 64 bits, a fraction or no number at all is a `FieldError` naming the parameter, so no product or sum
/// built from it later can overflow.
struct NumberParameter: Sendable {
    let name: String
    let range: ClosedRange<Int>
    let defaultValue: Int

    /// A page of a listing: a million pages of a hundred is more than any table here will hold.
    static let page = NumberParameter(name: "page", range: 1...1_000_000, defaultValue: 1)
    /// Items on one page of `GET /api/v1/requests`.
    static let per = NumberParameter(name: "per", range: 1...100, defaultValue: 25)
    /// A year of the courier calendar.
    static let year = NumberParameter(name: "year", range: 2000...2100, defaultValue: 2000)

    var rule: String { "must be a whole number from \(self.range.lowerBound) to \(self.range.upperBound)" }

    /// The value of `text`, the default when it is absent, or what is wrong with it.
    func parse(_ text: String?) -> Result<Int, FieldError> {
        guard let text else { return .success(self.defaultValue) }
        // Int's own parser refuses overflow, signs alone, fractions and exponents; only plain digits get through.
        guard text.utf8.count <= 20, let value = Int(text), self.range.contains(value) else {
            return .failure(FieldError(field: self.name, message: self.rule))
        }
        return .success(value)
    }

    /// The parameter read from a query string; an invalid one is a 422 naming it.
    func read(from query: URLQueryContainer) throws -> Int {
        try self.parse(query[String.self, at: self.name]).mapError { APIError.invalidFields([$0]) }.get()
    }

    /// The parameter when the query has it, nil when it does not; an invalid one is a 422 naming it.
    func readIfPresent(from query: URLQueryContainer) throws -> Int? {
        guard query[String.self, at: self.name] != nil else { return nil }
        return try self.read(from: query)
    }

    /// Like `read(from:)`, collecting the complaint with the others of the same query instead of throwing.
    func read(from query: URLQueryContainer, into errors: inout [FieldError]) -> Int {
        switch self.parse(query[String.self, at: self.name]) {
        case .success(let value): return value
        case .failure(let error):
            errors.append(error)
            return self.defaultValue
        }
    }
}
