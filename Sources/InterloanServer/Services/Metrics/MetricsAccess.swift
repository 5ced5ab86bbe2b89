import Crypto
import Foundation
import NIOCore
import Vapor

/// Who may read `/metrics`: a scraper on this host, or anyone presenting `INTERLOAN_METRICS_TOKEN` as a bearer
/// token. The figures name routes, queues and rates, which are nobody else's business.
///
/// A request a reverse proxy relays comes from loopback too when the proxy runs on this host, so a request
/// carrying any forwarding header never counts as local, whoever the proxy says the client is.
enum MetricsAccess {
    static let forwardingHeaders: [HTTPHeaders.Name] = [.xForwardedFor, .forwarded, "X-Real-IP"]

    static func allows(_ request: Request) -> Bool {
        self.allows(
            peer: request.remoteAddress?.ipAddress,
            isForwarded: self.forwardingHeaders.contains { request.headers.contains(name: $0) },
            bearer: request.headers.bearerAuthorization?.token,
            tokenDigest: request.application.metricsTokenDigest)
    }

    /// What is kept of the token: its SHA-256.
    static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    static func allows(peer: String?, isForwarded: Bool, bearer: String?, tokenDigest: [UInt8]?) -> Bool {
        if let tokenDigest, let bearer, bearer.utf8.count <= 256,
            self.digest(bearer) == tokenDigest
        {
            return true
        }
        guard !isForwarded, let peer = peer.flatMap(ClientAddress.normalized) else { return false }
        return peer.hasPrefix("127.") || peer == "::1" || peer.hasPrefix("::ffff:127.")
    }
}

extension Application {
    private struct MetricsTokenKey: StorageKey {
        typealias Value = [UInt8]
    }

    /// The SHA-256 of `INTERLOAN_METRICS_TOKEN`, when one is set; set by `configure`.
    var metricsTokenDigest: [UInt8]? {
        get { self.storage[MetricsTokenKey.self] }
        set { self.storage[MetricsTokenKey.self] = newValue }
    }
}
