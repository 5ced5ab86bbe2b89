import Foundation

/// An input value as it arrived (from JSON or a form), before it is checked against an action's fields.
public enum RawArgument: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case list([RawArgument])
    case null
    /// An object or anything else no action field takes.
    case other
}

extension ActionField {
    /// Checks raw input against `fields`: every offending field is reported, unknown fields included.
    public static func validate(
        _ raw: [String: RawArgument], against fields: [ActionField]
    ) throws(LifecycleError) -> Arguments {
        var values: [String: ArgumentValue] = [:]
        var errors: [FieldError] = []
        let known = Set(fields.map(\.name))
        for name in raw.keys.sorted() where !known.contains(name) {
            errors.append(FieldError(field: name, message: "is not a field of this action"))
        }
        for field in fields {
            switch field.parse(raw[field.name] ?? .null) {
            case .success(let value?): values[field.name] = value
            case .success(nil) where field.isRequired:
                errors.append(FieldError(field: field.name, message: "is required"))
            case .success(nil): break
            case .failure(let error): errors.append(error)
            }
        }
        guard errors.isEmpty else { throw .invalidFields(errors) }
        return Arguments(values)
    }

    /// The value of this field, nil when absent or blank.
    public func parse(_ raw: RawArgument) -> Result<ArgumentValue?, FieldError> {
        if raw == .null { return .success(nil) }
        if case .string(let text) = raw, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .success(nil)
        }
        switch (self.kind, raw) {
        case (.text, .string(let text)):
            guard text.count <= 2000 else { return self.failure("is longer than 2000 characters") }
            return .success(.text(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        case (.date, .string(let text)):
            guard let day = Day(text) else { return self.failure("must be a date written YYYY-MM-DD") }
            return .success(.date(day))
        case (.boolean, .bool(let flag)):
            return .success(.boolean(flag))
        case (.boolean, .string(let text)) where ["true", "false"].contains(text):
            return .success(.boolean(text == "true"))
        case (.choice(let choices), .string(let text)):
            guard choices.contains(text) else {
                return self.failure("must be one of \(choices.joined(separator: ", "))")
            }
            return .success(.text(text))
        case (.symbols, .list(let items)):
            var symbols: [String] = []
            for item in items {
                guard case .string(let text) = item, let symbol = LibrarySymbol.normalize(text) else {
                    return self.failure("must be a list of library symbols")
                }
                symbols.append(symbol)
            }
            return symbols.isEmpty ? .success(nil) : .success(.symbols(symbols))
        case (.symbols, .string(let text)):
            return self.parse(.list(text.split(whereSeparator: { $0 == "," || $0 == " " }).map { .string(String($0)) }))
        default:
            return self.failure("must be \(self.kind.expectation)")
        }
    }

    private func failure(_ message: String) -> Result<ArgumentValue?, FieldError> {
        .failure(FieldError(field: self.name, message: message))
    }
}

extension ActionField.Kind {
    var expectation: String {
        switch self {
        case .text: return "text"
        case .date: return "a date written YYYY-MM-DD"
        case .boolean: return "true or false"
        case .choice(let choices): return "one of \(choices.joined(separator: ", "))"
        case .symbols: return "a list of library symbols"
        }
    }
}
