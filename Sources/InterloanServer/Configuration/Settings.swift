import Foundation
import InterloanCore

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
    /// How notices leave: SMTP, or `.eml` files when no server is configured.
    public var mail: MailSettings
    /// Where people reach this server, for links in mail (confirmations, unsubscribing, archives).
    public var baseURL: String
    /// The reverse proxies whose `X-Forwarded-For` names the client, as canonical IP addresses.
    public var trustedProxies: Set<String> = []
    /// The header in which a trusted proxy names a patron it signed in (single sign-on), for libraries whose
    /// patrons sign in that way; believed only from `trustedProxies`.
    public var patronHeader = "REMOTE_USER"
    /// The copyright rules copy requests are counted under (`INTERLOAN_COPYRIGHT_RULES`); nil for `none`.
    public var copyrightRules: CopyrightRules? = .usContu
    /// How delivered files are kept and how often they may be opened.
    public var documents = DocumentPolicy()
    /// How hard SQLite makes each commit durable.
    public var sqliteSynchronous: SQLiteSynchronous = .full
    /// How long the scheduler keeps message fingerprints and the text of sent mail.
    public var retention = Retention()
    /// How long a stopping server waits for the requests in flight.
    public var shutdownSeconds = 20
    /// The most connections one server opens to PostgreSQL, for reads and write batches together.
    public var postgresConnections = 16
    /// The SHA-256 of the bearer token that opens `/metrics` to other hosts; without one only loopback reads it.
    public var metricsTokenDigest: [UInt8]?

    public init(
        store: Store, maxBodyBytes: Int = 256 * 1024, secureCookies: Bool = false, targetLoanRatio: Double = 1,
        mail: MailSettings? = nil
    ) {
        self.store = store
        self.maxBodyBytes = maxBodyBytes
        self.secureCookies = secureCookies
        self.targetLoanRatio = targetLoanRatio
        self.mail = mail ?? MailSettings(delivery: .files(directory: MailSettings.defaultDirectory(for: store)))
        self.baseURL = "http://127.0.0.1:8080"
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
                throw SettingsError(
                    variable: "INTERLOAN_TARGET_RATIO", problem: "must be a positive number, e.g. 1 or 1.5")
            }
            targetLoanRatio = ratio
        }
        let store: Store
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw SettingsError(variable: "DATABASE_URL", problem: "must start with postgres://")
            }
            store = .postgres(url: url)
        } else {
            store = .sqlite(
                path: environment["INTERLOAN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "interloan.sqlite")
        }
        var settings = Settings(
            store: store, secureCookies: secureCookies, targetLoanRatio: targetLoanRatio,
            mail: try MailSettings.fromEnvironment(environment, store: store))
        for entry in (environment["INTERLOAN_TRUSTED_PROXIES"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " })
        {
            guard let address = ClientAddress.normalized(String(entry)) else {
                throw SettingsError(
                    variable: "INTERLOAN_TRUSTED_PROXIES",
                    problem: "must list IP addresses separated by commas, e.g. 127.0.0.1,::1; '\(entry)' is none")
            }
            settings.trustedProxies.insert(address)
        }
        if let header = environment["INTERLOAN_PATRON_HEADER"], !header.isEmpty {
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            guard header.utf8.count <= 64, header.utf8.allSatisfy(allowed.contains) else {
                throw SettingsError(
                    variable: "INTERLOAN_PATRON_HEADER", problem: "must be a header name, e.g. REMOTE_USER")
            }
            settings.patronHeader = header
        }
        settings.copyrightRules = try Self.copyrightRules(environment)
        settings.documents = try DocumentPolicy.fromEnvironment(environment)
        switch (environment["INTERLOAN_SQLITE_SYNCHRONOUS"] ?? "").lowercased() {
        case "", "full": settings.sqliteSynchronous = .full
        case "normal": settings.sqliteSynchronous = .normal
        default: throw SettingsError(variable: "INTERLOAN_SQLITE_SYNCHRONOUS", problem: "must be full or normal")
        }
        if let text = environment["INTERLOAN_SHUTDOWN_SECONDS"], !text.isEmpty {
            guard text.utf8.count <= 4, let seconds = Int(text), (1...3600).contains(seconds) else {
                throw SettingsError(
                    variable: "INTERLOAN_SHUTDOWN_SECONDS", problem: "must be a number of seconds from 1 to 3600")
            }
            settings.shutdownSeconds = seconds
        }
        if let text = environment["INTERLOAN_POSTGRES_CONNECTIONS"], !text.isEmpty {
            guard text.utf8.count <= 3, let connections = Int(text), (2...500).contains(connections) else {
                throw SettingsError(
                    variable: "INTERLOAN_POSTGRES_CONNECTIONS", problem: "must be a number of connections from 2 to 500"
                )
            }
            settings.postgresConnections = connections
        }
        if let token = environment["INTERLOAN_METRICS_TOKEN"], !token.isEmpty {
            guard (16...256).contains(token.utf8.count), token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw SettingsError(
                    variable: "INTERLOAN_METRICS_TOKEN",
                    problem: "must be 16 to 256 visible ASCII characters, e.g. from openssl rand -hex 32")
            }
            settings.metricsTokenDigest = MetricsAccess.digest(token)
        }
        settings.retention.messageFingerprintDays = try Self.days(
            "INTERLOAN_RETAIN_FINGERPRINT_DAYS", environment, default: settings.retention.messageFingerprintDays)
        settings.retention.mailBodyDays = try Self.days(
            "INTERLOAN_RETAIN_MAIL_BODY_DAYS", environment, default: settings.retention.mailBodyDays)
        settings.retention.patronDays = try Self.days(
            "INTERLOAN_PATRON_RETENTION_DAYS", environment, default: settings.retention.patronDays)
        if let url = environment["INTERLOAN_BASE_URL"], !url.isEmpty {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil,
                parsed.query == nil
            else {
                throw SettingsError(
                    variable: "INTERLOAN_BASE_URL", problem: "must be an http(s) address, e.g. https://ill.example.org")
            }
            settings.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        return settings
    }
}

/// SQLite's `synchronous` setting for every connection the server opens.
public enum SQLiteSynchronous: String, Sendable {
    /// Each commit waits until the write-ahead log is on disk: nothing acknowledged is lost, even to a power cut.
    case full = "FULL"
    /// Commits survive a crash of the process, but a power cut or an operating system crash can lose the last
    /// ones.
    case normal = "NORMAL"
}

extension Settings {
    /// `INTERLOAN_COPYRIGHT_RULES` (`us-contu`, the default, or `none`), with CONTU's numbers changed by
    /// `INTERLOAN_COPYRIGHT_COPIES` (copies of one title a year, 1 to 100) and `INTERLOAN_COPYRIGHT_YEARS` (how
    /// recent an article counts, 1 to 50 years).
    static func copyrightRules(_ environment: [String: String]) throws -> CopyrightRules? {
        switch (environment["INTERLOAN_COPYRIGHT_RULES"] ?? "").lowercased() {
        case "", "us-contu": break
        case "none": return nil
        default: throw SettingsError(variable: "INTERLOAN_COPYRIGHT_RULES", problem: "must be us-contu or none")
        }
        var rules = CopyrightRules.usContu
        for (variable, range, keyPath) in [
            ("INTERLOAN_COPYRIGHT_COPIES", 1...100, \CopyrightRules.copiesPerTitle),
            ("INTERLOAN_COPYRIGHT_YEARS", 1...50, \CopyrightRules.publicationYears),
        ] as [(String, ClosedRange<Int>, WritableKeyPath<CopyrightRules, Int>)] {
            guard let text = environment[variable], !text.isEmpty else { continue }
            guard text.utf8.count <= 3, let number = Int(text), range.contains(number) else {
                throw SettingsError(
                    variable: variable,
                    problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            rules[keyPath: keyPath] = number
        }
        return rules
    }

    /// A whole number of days from 1 to ten years, or `fallback` when the variable is unset.
    static func days(_ variable: String, _ environment: [String: String], default fallback: Int) throws -> Int {
        guard let text = environment[variable], !text.isEmpty else { return fallback }
        guard text.utf8.count <= 4, let days = Int(text), (1...Retention.longest).contains(days) else {
            throw SettingsError(variable: variable, problem: "must be a number of days from 1 to \(Retention.longest)")
        }
        return days
    }
}

/// A setting that is missing or wrong, named so the operator can fix it.
public struct SettingsError: Error, CustomStringConvertible {
    public let variable: String
    public let problem: String

    public var description: String { "\(self.variable) \(self.problem)" }
}

/// How notices leave Interloan: `INTERLOAN_SMTP_URL`, `INTERLOAN_MAIL_FROM`, `INTERLOAN_MAIL_DIR`.
public struct MailSettings: Sendable, Equatable {
    public enum Delivery: Sendable, Equatable {
        /// Handed to this SMTP server.
        case smtp(SMTPConfiguration)
        /// Written as `.eml` files into this directory (no server configured: the demo, development).
        case files(directory: String)
    }

    public var delivery: Delivery
    /// The sender, `Name <address>` or a bare address.
    public var from: String

    public init(delivery: Delivery, from: String = "Interloan <interloan@localhost>") {
        self.delivery = delivery
        self.from = from
    }

    /// `mail/` beside the SQLite file, or in the working directory on PostgreSQL.
    public static func defaultDirectory(for store: Settings.Store) -> String {
        guard case .sqlite(let path) = store else { return "mail" }
        return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("mail").path
    }

    static func fromEnvironment(_ environment: [String: String], store: Settings.Store) throws -> MailSettings {
        var settings = MailSettings(delivery: .files(directory: self.defaultDirectory(for: store)))
        if let from = environment["INTERLOAN_MAIL_FROM"], !from.isEmpty {
            guard EmailAddress.isValid(MailAddress.bare(from)) else {
                throw SettingsError(
                    variable: "INTERLOAN_MAIL_FROM", problem: "must be an address, e.g. ill@library.example.org")
            }
            settings.from = from
        }
        if let url = environment["INTERLOAN_SMTP_URL"], !url.isEmpty {
            var smtp = try SMTPConfiguration.parse(url)
            if let file = environment["INTERLOAN_SMTP_CA_FILE"], !file.isEmpty {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw SettingsError(variable: "INTERLOAN_SMTP_CA_FILE", problem: "names no readable file: \(file)")
                }
                smtp.trustedAuthoritiesFile = file
            }
            settings.delivery = .smtp(smtp)
        } else if let directory = environment["INTERLOAN_MAIL_DIR"], !directory.isEmpty {
            settings.delivery = .files(directory: directory)
        }
        return settings
    }
}
