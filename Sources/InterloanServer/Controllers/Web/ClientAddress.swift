import NIOCore
import Vapor

/// The address a request comes from: the socket's peer, or, when the peer is one of the reverse proxies named in
/// `INTERLOAN_TRUSTED_PROXIES`, the nearest address in `X-Forwarded-For` that is not a trusted proxy. Anyone can
/// write `X-Forwarded-For`, so it is believed only from a proxy that appends to it, and only as far back as the
/// proxies trusted.
enum ClientAddress {
    static func of(_ request: Request) -> String {
        self.resolve(
            peer: request.remoteAddress?.ipAddress, forwardedFor: request.headers[.xForwardedFor],
            trusted: request.application.trustedProxies)
    }

    static func resolve(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String {
        guard var address = peer.flatMap(self.normalized) else { return "unknown" }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard trusted.contains(address), let previous = self.normalized(hop) else { break }
            address = previous
        }
        return address
    }

    /// An IP address in its canonical spelling, or nil for anything else.
    static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 64, let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return address.ipAddress
    }
}

extension Application {
    private struct TrustedProxiesKey: StorageKey {
        typealias Value = Set<String>
    }

    private struct PatronHeaderKey: StorageKey {
        typealias Value = String
    }

    /// The header in which a trusted proxy names the patron it signed in; set by `configure`.
    var patronHeader: String {
        get { self.storage[PatronHeaderKey.self] ?? "REMOTE_USER" }
        set { self.storage[PatronHeaderKey.self] = newValue }
    }

    /// The reverse proxies whose `X-Forwarded-For` is believed; set by `configure`.
    var trustedProxies: Set<String> {
        get { self.storage[TrustedProxiesKey.self] ?? [] }
        set { self.storage[TrustedProxiesKey.self] = newValue }
    }
}
