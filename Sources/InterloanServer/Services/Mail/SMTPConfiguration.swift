import Foundation

/// Where and how to hand mail over: `INTERLOAN_SMTP_URL`, `smtp://user:password@host:port` (STARTTLS when the
/// server offers it) or `smtps://...` (TLS from the first byte).
public struct SMTPConfiguration: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        case startTLSWhenOffered
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    /// A PEM file of certificate authorities to trust instead of the system's (`INTERLOAN_SMTP_CA_FILE`), for a
    /// mail server with a private CA.
    public var trustedAuthoritiesFile: String?

    /// Parses the URL; a problem is named for the operator.
    public static func parse(_ text: String) throws -> SMTPConfiguration {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw SettingsError(variable: "INTERLOAN_SMTP_URL", problem: "must look like smtp://user:password@host:587")
        }
        let security: Security
        switch scheme {
        case "smtp": security = .startTLSWhenOffered
        case "smtps": security = .implicitTLS
        default:
            throw SettingsError(
                variable: "INTERLOAN_SMTP_URL", problem: "must start with smtp:// or smtps://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw SettingsError(variable: "INTERLOAN_SMTP_URL", problem: "names no host")
        }
        let port = components.port ?? (security == .implicitTLS ? 465 : 25)
        guard (1...65_535).contains(port) else {
            throw SettingsError(variable: "INTERLOAN_SMTP_URL", problem: "has port \(port), outside 1 to 65535")
        }
        let username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        return SMTPConfiguration(
            host: host, port: port, username: username?.isEmpty == true ? nil : username, password: password,
            security: security)
    }
}
