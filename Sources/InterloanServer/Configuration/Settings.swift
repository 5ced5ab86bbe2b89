import Foundation

/// Everything Interloan reads from its environment, read and checked in one place.
public struct Settings: Sendable {
    /// Where requests are stored.
    public enum Store: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var store: Store
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Whether the session cookie is sent over HTTPS only; set when served behind TLS.
    public var secureCookies: Bool
    /// The loan-to-borrow ratio lender ranking aims at (loans lent per loan borrowed); DOMAIN.md's default is 1.
    public var targetLoanRatio: Double

    public init(store: Store, maxBodyBytes: Int = 256 * 1024, secureCookies: Bool = false, targetLoanRatio: Double = 1) {
        self.store = store
        self.maxBodyBytes = maxBodyBytes
        self.secureCookies = secureCookies
        self.targetLoanRatio = targetLoanRatio
    }

    /// Reads `DATABASE_URL` (PostgreSQL) or else `INTERLOAN_DATABASE` (the SQLite file, `interloan.sqlite` by default).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Settings
    {
        var secureCookies = false
        switch environment["INTERLOAN_SECURE_COOKIES"] ?? "" {
        case "", "0", "false": secureCookies = false
        case "1", "true": secureCookies = true
        default: throw SettingsError(variable: "INTERLOAN_SECURE_COOKIES", problem: "must be true or false")
        }
        var targetLoanRatio = 1.0
        if let text = environment["INTERLOAN_TARGET_RATIO"], !text.isEmpty {
            guard let ratio = Double(text), ratio > 0, ratio.isFinite else {
                throw SettingsError(variable: "INTERLOAN_TARGET_RATIO", problem: "must be a positive number, e.g. 1 or 1.5")
            }
            targetLoanRatio = ratio
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw SettingsError(variable: "DATABASE_URL", problem: "must start with postgres://")
            }
            return Settings(store: .postgres(url: url), secureCookies: secureCookies, targetLoanRatio: targetLoanRatio)
        }
        let path = environment["INTERLOAN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "interloan.sqlite"
        return Settings(store: .sqlite(path: path), secureCookies: secureCookies, targetLoanRatio: targetLoanRatio)
    }
}

/// A setting that is missing or wrong, named so the operator can fix it.
public struct SettingsError: Error, CustomStringConvertible {
    public let variable: String
    public let problem: String

    public var description: String { "\(self.variable) \(self.problem)" }
}
