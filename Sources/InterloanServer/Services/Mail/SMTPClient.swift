import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Why a mail could not be handed over. Every case is worth another try later; the outbox gives up after a few.
enum SMTPError: Error, CustomStringConvertible {
    /// The server answered `reply` to `command`.
    case refused(command: String, reply: SMTPReply)
    case connectionClosed(during: String)
    case timedOut(during: String)
    /// The configuration asks to log in, and the server offered no way to do it without sending the password in
    /// clear.
    case credentialsNeedTLS
    case noAuthenticationMechanism(offered: String)

    var description: String {
        switch self {
        case .refused(let command, let reply): return "the mail server answered \(command) with \(reply)"
        case .connectionClosed(let during): return "the mail server closed the connection during \(during)"
        case .timedOut(let during): return "the mail server did not answer \(during) in time"
        case .credentialsNeedTLS: return "the mail server offers no STARTTLS; the password is not sent in clear"
        case .noAuthenticationMechanism(let offered):
            return "the mail server offers no login Interloan speaks (PLAIN, LOGIN); it offers \(offered)"
        }
    }
}

/// One reply of an SMTP server: its code and text lines.
struct SMTPReply: Sendable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    var description: String { "\(self.code) \(self.lines.joined(separator: " / "))" }
    var isPositive: Bool { (200..<400).contains(self.code) }
}

/// Hands mails to an SMTP server (RFC 5321): EHLO, STARTTLS when offered (or TLS from the start for `smtps`),
/// AUTH PLAIN or LOGIN when credentials are configured, then MAIL, RCPT, DATA. One connection per mail: notices
/// are few and a fresh connection makes every failure independent.
struct SMTPClient: Sendable {
    let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    /// How long one reply may take.
    var replyTimeout: TimeAmount = .seconds(60)
    /// The name Interloan gives in EHLO.
    var clientName = "interloan.localhost"
    /// The TLS context, made at the first mail and kept: making one reads and parses every trusted authority's
    /// certificate, which cost more than the rest of a mail's delivery together (BENCHMARKS.md).
    private let tlsContext = NIOLockedValueBox<NIOSSLContext?>(nil)

    init(configuration: SMTPConfiguration, group: any EventLoopGroup) {
        self.configuration = configuration
        self.group = group
    }

    private func tls() throws -> NIOSSLContext {
        try self.tlsContext.withLockedValue { cached in
            if let cached { return cached }
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if let file = self.configuration.trustedAuthoritiesFile { tlsConfiguration.trustRoots = .file(file) }
            tlsConfiguration.shutdownTimeout = .seconds(1)
            let made = try NIOSSLContext(configuration: tlsConfiguration)
            cached = made
            return made
        }
    }

    /// Sends `mail`; returns once the server accepted it (250 after the data), throws otherwise.
    func send(_ mail: OutgoingMail) async throws {
        let tls = try self.tls()
        let host = self.configuration.host
        let implicitTLS = self.configuration.security == .implicitTLS
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SMTPReply.self)
        let channel = try await ClientBootstrap(group: self.group)
            .connectTimeout(.seconds(30))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyForwarder(continuation))
                }
            }
            .connect(host: host, port: self.configuration.port).get()
        var session = Session(channel: channel, replies: stream.makeAsyncIterator(), timeout: self.replyTimeout)
        do {
            try await self.converse(&session, mail: mail, tls: tls, isTLS: implicitTLS)
        } catch {
            // A polite goodbye lets the server end the TLS session; without it closing waits for the server.
            _ = try? await session.command("QUIT", expecting: 221)
            try? await channel.close()
            throw error
        }
        // The message is accepted by now: a server that answers QUIT badly or drops the line changes nothing.
        _ = try? await session.command("QUIT", expecting: 221)
        try? await channel.close()
    }

    private func converse(_ session: inout Session, mail: OutgoingMail, tls: NIOSSLContext, isTLS: Bool) async throws {
        try await session.expect(220, during: "the greeting")
        var extensions = try await session.command("EHLO \(self.clientName)", expecting: 250).lines
        var secure = isTLS
        if !secure, extensions.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) {
            try await session.command("STARTTLS", expecting: 220)
            let host = self.configuration.host
            let channel = session.channel
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(host)), position: .first)
            }.get()
            secure = true
            extensions = try await session.command("EHLO \(self.clientName)", expecting: 250).lines
        }
        if let username = self.configuration.username {
            guard secure else { throw SMTPError.credentialsNeedTLS }
            try await self.authenticate(
                &session, username: username, password: self.configuration.password ?? "",
                extensions: extensions)
        }
        try await session.command("MAIL FROM:<\(mail.envelopeFrom)>", expecting: 250)
        try await session.command("RCPT TO:<\(mail.recipient)>", expecting: 250, 251)
        try await session.command("DATA", expecting: 354)
        try await session.send(Self.dotStuffed(mail.data) + ".\r\n", expecting: [250], during: "the message")
    }

    private func authenticate(_ session: inout Session, username: String, password: String, extensions: [String])
        async throws
    {
        let auth = extensions.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
        let mechanisms = auth.split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init)
        if mechanisms.contains("PLAIN") {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try await session.send("AUTH PLAIN \(token)\r\n", expecting: [235], during: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await session.command("AUTH LOGIN", expecting: 334)
            try await session.send(
                Data(username.utf8).base64EncodedString() + "\r\n", expecting: [334], during: "AUTH LOGIN")
            try await session.send(
                Data(password.utf8).base64EncodedString() + "\r\n", expecting: [235], during: "AUTH LOGIN")
        } else {
            throw SMTPError.noAuthenticationMechanism(
                offered: mechanisms.isEmpty ? "none" : mechanisms.joined(separator: ", "))
        }
    }

    /// The message with CRLF line ends, each line starting with a dot doubled (RFC 5321 4.5.2), ending in CRLF.
    static func dotStuffed(_ data: String) -> String {
        var lines = data.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        if lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// TLS server names must be host names, not addresses.
    private static func serverName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
    }

    /// A connection and its replies, one command at a time.
    private struct Session {
        let channel: any Channel
        var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator
        let timeout: TimeAmount

        @discardableResult
        mutating func command(_ line: String, expecting codes: Int...) async throws -> SMTPReply {
            let name = line.split(separator: " ").first.map(String.init) ?? line
            let shown = name == "AUTH" ? "AUTH" : line
            return try await self.send(line + "\r\n", expecting: codes, during: shown)
        }

        @discardableResult
        mutating func send(_ text: String, expecting codes: [Int], during step: String) async throws -> SMTPReply {
            try await self.channel.writeAndFlush(ByteBuffer(string: text))
            return try await self.expect(codes, during: step)
        }

        @discardableResult
        mutating func expect(_ codes: Int..., during step: String) async throws -> SMTPReply {
            try await self.expect(codes, during: step)
        }

        mutating func expect(_ codes: [Int], during step: String) async throws -> SMTPReply {
            // A server that stops answering has its connection closed, which ends the wait below.
            let channel = self.channel
            let expired = NIOLockedValueBox(false)
            let timer = channel.eventLoop.scheduleTask(in: self.timeout) {
                expired.withLockedValue { $0 = true }
                channel.close(promise: nil)
            }
            defer { timer.cancel() }
            guard let reply = try await self.replies.next() else {
                throw expired.withLockedValue { $0 }
                    ? SMTPError.timedOut(during: step) : SMTPError.connectionClosed(during: step)
            }
            guard codes.contains(reply.code) else { throw SMTPError.refused(command: step, reply: reply) }
            return reply
        }
    }
}

/// Splits the server's bytes into replies: lines `NNN-text` continue a reply, `NNN text` ends it.
final class SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var lines: [String] = []

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 {
                throw SMTPError.refused(command: "reading", reply: SMTPReply(code: 0, lines: ["a line over 4 KiB"]))
            }
            return .needMoreData
        }
        let length = end - buffer.readerIndex + 1
        var line = buffer.readString(length: length) ?? ""
        while line.last == "\n" || line.last == "\r" { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
            throw SMTPError.refused(command: "reading", reply: SMTPReply(code: 0, lines: [line]))
        }
        let isLast = bytes.count == 3 || bytes[3] != UInt8(ascii: "-")
        self.lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if isLast {
            let reply = SMTPReply(code: code, lines: self.lines)
            self.lines = []
            context.fireChannelRead(self.wrapInboundOut(reply))
        }
        return .continue
    }
}

/// Hands each reply to the client's stream, and ends the stream when the connection ends.
final class SMTPReplyForwarder: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    private let continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation

    init(_ continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.continuation.yield(self.unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}
