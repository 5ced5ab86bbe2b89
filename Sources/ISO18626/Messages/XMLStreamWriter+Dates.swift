import Foundation
import InterloanXML

extension XMLStreamWriter {
    /// An optional `xs:dateTime` element in the form ISO 18626 writes: nothing when there is no date.
    public mutating func element(_ name: String, date: Date?) {
        guard let date else { return }
        self.element(name) { DateTimeValue.append(date, to: &$0) }
    }
}
