import Foundation

/// One mail as it leaves Interloan: the envelope (sender, recipient) and the RFC 5322 message, plain text and
/// HTML alternatives, each part base64-encoded so any server carries it unchanged.
struct OutgoingMail: Sendable, Equatable {
    var envelopeFrom: String
    var recipient: String
    /// The message, lines ending in CRLF.
    var data: String
    /// A name for the mail as a file: unique and stable for the outbox row.
    var fileName: String
}

extension MailRecord {
    /// The message for this row, from `from` (`Name <address>` or a bare address). The Message-ID and Date are
    /// derived from the row, so every attempt sends the same message and a receiver can tell a repeat.
    func outgoing(from: String) -> OutgoingMail {
        let address = MailAddress.bare(from)
        let domain = address.split(separator: "@").last.map(String.init) ?? "interloan.invalid"
        let boundary = "interloan-\(self.id ?? 0)-alternative"
        let number = self.subject.hasPrefix("[") ? self.subject.dropFirst().prefix { $0 != "]" } : ""
        var headers = [
            "From: \(MailHeader.encode(from))",
            "To: \(self.recipient)",
            "Subject: \(MailHeader.encode(self.subject))",
            "Date: \(MailHeader.date(self.createdAt))",
            "Message-ID: <interloan-mail-\(self.id ?? 0).\(Int(self.createdAt.timeIntervalSince1970))@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "Auto-Submitted: auto-generated",
            "X-Interloan-Notice: \(self.kind)",
        ]
        if !number.isEmpty, self.requestID != nil { headers.append("X-Interloan-Request: \(number)") }
        if let extra = self.headers, !extra.isEmpty {
            headers += extra.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        }
        var lines = headers + [""]
        for (type, body) in [("text/plain", self.textBody), ("text/html", self.htmlBody)] {
            lines += [
                "--\(boundary)",
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                Data(body.utf8).base64EncodedString(options: [
                    .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
                ]),
            ]
        }
        lines += ["--\(boundary)--", ""]
        let stamp = MailHeader.fileStamp(self.createdAt)
        return OutgoingMail(
            envelopeFrom: address, recipient: self.recipient, data: lines.joined(separator: "\r\n"),
            fileName: "\(stamp)-\(self.id ?? 0)-\(self.kind).eml")
    }
}

/// Mail addresses: the bare address of a `Name <address>` form (input is checked by `EmailAddress`).
enum MailAddress {
    static func bare(_ text: String) -> String {
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// Header values: non-ASCII text as RFC 2047 encoded words, dates as RFC 5322 wants them.
enum MailHeader {
    static func encode(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.unicodeScalars.contains(where: { !$0.isASCII }) else { return flat }
        if let open = flat.lastIndex(of: "<"), flat.hasSuffix(">"), flat[open...].unicodeScalars.allSatisfy(\.isASCII) {
            let name = flat[..<open].trimmingCharacters(in: .whitespaces)
            return "\(self.encodedWord(name)) \(flat[open...])"
        }
        return self.encodedWord(flat)
    }

    private static func encodedWord(_ text: String) -> String {
        "=?utf-8?b?\(Data(text.utf8).base64EncodedString())?="
    }

    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    static func fileStamp(_ date: Date) -> String {
        let text = date.formatted(.iso8601)
        return text.filter { $0.isNumber || $0 == "T" }
    }
}
