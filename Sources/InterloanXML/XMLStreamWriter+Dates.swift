import Foundation

extension XMLStreamWriter {
    /// An optional `xs:dateTime` element in the form Interloan writes (`2026-11-30T12:00:00Z`): nothing when there is
    /// no date.
    public mutating func element(_ name: String, date: Date?) {
        guard let date else { return }
        self.element(name) { DateTimeValue.append(date, to: &$0) }
    }
}
