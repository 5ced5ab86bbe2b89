import Foundation
import InterloanXML

/// Reading typed values out of validated ISO 18626 elements.
extension XMLNode {
    /// The text of the child `name`, nil when absent or empty.
    func value(_ name: String) -> String? {
        // By index: copying a child node out of the array would retain and release each of its fields.
        guard let index = self.index(of: name) else { return nil }
        let text = self.children[index].text
        return text.isEmpty ? nil : text
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

extension XMLNode {
    /// Puts this element, and every element under it in no namespace, into `namespace`. The reader's depth limit
    /// bounds the recursion.
    mutating func adoptNamespace(_ namespace: String) {
        guard self.namespace.isEmpty else { return }
        self.namespace = namespace
        for index in self.children.indices { self.children[index].adoptNamespace(namespace) }
    }
}
