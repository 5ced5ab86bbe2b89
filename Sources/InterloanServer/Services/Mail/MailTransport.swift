import Foundation
import NIOCore

/// Where mails go once they leave the outbox.
protocol MailTransport: Sendable {
    /// Hands `mail` over; returns once it is accepted (the server said 250, the file is in place).
    func send(_ mail: OutgoingMail) async throws
}

/// Hands mails to the configured SMTP server.
struct SMTPTransport: MailTransport {
    let client: SMTPClient

    func send(_ mail: OutgoingMail) async throws {
        try await self.client.send(mail)
    }
}

/// Writes each mail as an `.eml` file, for the demo and for development without a mail server. The file
/// appears complete or not at all (written aside, then renamed), under a name fixed by its outbox row, so a
/// retry replaces rather than repeats it.
struct FileTransport: MailTransport {
    let directory: URL

    func send(_ mail: OutgoingMail) async throws {
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        let target = self.directory.appendingPathComponent(mail.fileName)
        let partial = self.directory.appendingPathComponent(".\(mail.fileName).partial")
        try Data(mail.data.utf8).write(to: partial)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.moveItem(at: partial, to: target)
    }
}
