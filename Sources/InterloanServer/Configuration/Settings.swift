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

    public init(store: Store, maxBodyBytes: Int = 256 * 1024) {
        self.store = store
        self.maxBodyBytes = maxBodyBytes
    }

    /// Reads `DATABASE_URL` (PostgreSQL) or else `INTERLOAN_DATABASE` (the SQLite file, `interloan.sqlite` by default).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Settings
    {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw SettingsError(variable: "DATABASE_URL", problem: "must start with postgres://")
            }
            return Settings(store: .postgres(url: url))
        }
        let path = environment["INTERLOAN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "interloan.sqlite"
        return Settings(store: .sqlite(path: path))
    }
}

/// A setting that is missing or wrong, named so the operator can fix it.
public struct SettingsError: Error, CustomStringConvertible {
    public let variable: String
    public let problem: String

    public var description: String { "\(self.variable) \(self.problem)" }
}
