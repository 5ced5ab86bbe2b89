import Foundation
import Vapor

/// How delivered files are kept: how large one may be, how long and how often each recipient may open it, and when
/// unopened ones are removed. The defaults are Article Exchange's and ILLiad's (30 days, 5 views).
public struct DocumentPolicy: Sendable, Equatable {
    /// `INTERLOAN_MAX_DOCUMENT_MB`, in bytes.
    public var maxBytes = 100 << 20
    /// `INTERLOAN_DOCUMENT_DAYS`: how long a link opens the file.
    public var days = 30
    /// `INTERLOAN_DOCUMENT_VIEWS`: how many downloads each recipient's link allows.
    public var views = 5
    /// `INTERLOAN_DOCUMENT_PURGE_DAYS`: after how many days a file nobody opened is removed.
    public var purgeDays = 30

    public init() {}

    static func fromEnvironment(_ environment: [String: String]) throws -> DocumentPolicy {
        var policy = DocumentPolicy()
        policy.maxBytes = try Self.number("INTERLOAN_MAX_DOCUMENT_MB", 1...2048, environment, default: 100) << 20
        policy.days = try Self.number("INTERLOAN_DOCUMENT_DAYS", 1...365, environment, default: policy.days)
        policy.views = try Self.number("INTERLOAN_DOCUMENT_VIEWS", 1...100, environment, default: policy.views)
        policy.purgeDays = try Self.number(
            "INTERLOAN_DOCUMENT_PURGE_DAYS", 1...365, environment, default: policy.purgeDays)
        return policy
    }

    private static func number(
        _ variable: String, _ range: ClosedRange<Int>, _ environment: [String: String], default fallback: Int
    ) throws -> Int {
        guard let text = environment[variable], !text.isEmpty else { return fallback }
        guard text.utf8.count <= 4, let number = Int(text), range.contains(number) else {
            throw SettingsError(
                variable: variable, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

extension Application {
    private struct DocumentPolicyKey: StorageKey {
        typealias Value = DocumentPolicy
    }

    /// Set by `configure`.
    var documentPolicy: DocumentPolicy {
        get { self.storage[DocumentPolicyKey.self] ?? DocumentPolicy() }
        set { self.storage[DocumentPolicyKey.self] = newValue }
    }
}
