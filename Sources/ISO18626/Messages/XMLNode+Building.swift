import Foundation

/// Building and reading ISO 18626 elements without repeating the namespace.
extension XMLNode {
    /// An ISO 18626 element holding children; nil children (absent optional elements) are left out.
    static func iso(_ name: String, _ children: [XMLNode?]) -> XMLNode {
        XMLNode(namespace: ISOProtocol.namespace, name: name, children: children.compactMap { $0 })
    }

    /// An ISO 18626 element holding text.
    static func iso(_ name: String, text: String) -> XMLNode {
        XMLNode(namespace: ISOProtocol.namespace, name: name, text: text)
    }

    /// An optional ISO 18626 text element: nil when there is no value.
    static func iso(_ name: String, optional text: String?) -> XMLNode? {
        text.map { XMLNode(namespace: ISOProtocol.namespace, name: name, text: $0) }
    }

    static func iso(_ name: String, date: Date?) -> XMLNode? {
        date.map { XMLNode(namespace: ISOProtocol.namespace, name: name, text: DateTimeValue.format($0)) }
    }

    /// The text of the child `name`, nil when absent or empty.
    func value(_ name: String) -> String? {
        guard let text = self.child(name)?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The instant in the child `name`; the validator has already checked its form.
    func date(_ name: String) -> Date? {
        self.value(name).flatMap(DateTimeValue.date)
    }

    /// The child `name` read as a member of a closed list. A value the validator let through (a 2021-2 code) that
    /// Interloan does not handle is refused with `unsupported`.
    func code<Code: RawRepresentable>(_ name: String, _: Code.Type, unsupported: ErrorType = .unrecognisedDataValue)
        throws(ISO18626Error) -> Code? where Code.RawValue == String
    {
        guard let text = self.value(name) else { return nil }
        guard let code = Code(rawValue: text) else {
            throw ISO18626Error(unsupported, "\(self.name)/\(name): \(text) is not supported")
        }
        return code
    }
}
