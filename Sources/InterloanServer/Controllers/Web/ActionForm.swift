import InterloanCore

/// One action of the Update options panel, with its fields as the form shows them.
struct ActionForm: Encodable {
    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Field: Encodable {
        var name: String
        var label: String
        /// `text`, `textarea`, `date` or `select`.
        var control: String
        var required: Bool
        var value: String
        var options: [Option]
        var error: String?
    }

    var name: String
    var label: String
    var fields: [Field]
    var error: String?

    /// The form for `action`, prefilled with sensible values (the lender's loan period for a due date, the
    /// courier as carrier, the desired date for a renewal answer).
    static func make(
        _ action: Action, state: RequestState, today: Day, input: [String: String] = [:],
        errors: [FieldError] = [], error: String? = nil
    ) -> ActionForm {
        let fields = action.fields.map { field -> Field in
            let value = input[field.name] ?? self.defaultValue(field.name, action: action, state: state, today: today)
            var options: [Option] = []
            let control: String
            switch field.kind {
            case .text: control = field.name == "note" ? "textarea" : "text"
            case .date: control = "date"
            case .symbols: control = "text"
            case .boolean:
                control = "select"
                options = [
                    Option(value: "true", label: "Yes", selected: value == "true"),
                    Option(value: "false", label: "No", selected: value == "false"),
                ]
            case .choice(let choices):
                control = "select"
                let labels = Self.choiceLabels[field.name] ?? [:]
                // A file is delivered by its own upload form, never by choosing a carrier.
                options = choices.filter { field.name != "carrier" || $0 != Carrier.electronic.rawValue }.map {
                    Option(value: $0, label: labels[$0] ?? $0.capitalized, selected: value == $0)
                }
            }
            return Field(
                name: field.name, label: field.label, control: control, required: field.isRequired, value: value,
                options: options, error: errors.first { $0.field == field.name }?.message)
        }
        let general = errors.filter { error in !action.fields.contains { $0.name == error.field } }
            .map { "\($0.field) \($0.message)" }
        return ActionForm(
            name: action.rawValue, label: action.label, fields: fields,
            error: error ?? (general.isEmpty ? nil : general.joined(separator: "; ")))
    }

    /// The words shown for coded choices.
    static let choiceLabels: [String: [String: String]] = [
        "reason": Dictionary(uniqueKeysWithValues: UnfilledReason.all.map { ($0.code, $0.label) }),
        "carrier": Dictionary(uniqueKeysWithValues: Carrier.allCases.map { ($0.rawValue, $0.label) }),
    ]

    static func defaultValue(_ name: String, action: Action, state: RequestState, today: Day) -> String {
        switch (action, name) {
        case (.ship, "dueDate") where state.serviceType == .loan && !state.lenderILSSetsDueDate:
            return today.adding(days: state.lenderPolicy.loanDays).description
        case (.ship, "carrier"), (.returnShip, "carrier"): return Carrier.courier.rawValue
        case (.renew, "desiredDueDate"):
            return (state.dueDate ?? today).adding(days: state.lenderPolicy.loanDays).description
        case (.answerRenewal, "dueDate"):
            return state.pendingRenewalIndex.map { state.renewals[$0].desiredDueDate.description } ?? ""
        case (.answerRenewal, "approve"), (.answerCancel, "approve"): return "true"
        default: return ""
        }
    }
}

extension FieldError {
    /// Each field's messages joined, for a form that shows them beside its fields.
    static func messagesByField(_ errors: [FieldError]) -> [String: String] {
        var byField: [String: String] = [:]
        for error in errors {
            byField[error.field, default: ""] += (byField[error.field] == nil ? "" : "; ") + error.message
        }
        return byField
    }
}
