import Foundation
import Logging

/// One JSON object per log line (`LOG_FORMAT=json`), for log collectors: `time`, `level`, `label`, `message`, and
/// each metadata value (the request id among them) under its own key.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let write: @Sendable (String) -> Void

    /// Writes to standard error unless told otherwise.
    public init(
        label: String, level: Logger.Level,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in self.metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        fields["time"] = Date().formatted(.iso8601)
        fields["level"] = event.level.rawValue
        fields["label"] = self.label
        fields["message"] = "\(event.message)"
        // Plain strings always serialise; the fallback only keeps a line from being lost.
        let line =
            (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? #"{"message":"unwritable log line"}"#
        self.write(line + "\n")
    }
}

/// How log lines are written: `LOG_FORMAT` is `text` (the default, for a terminal) or `json`.
public enum LogFormat: String, Sendable {
    case text
    case json

    public static func fromEnvironment(_ environment: [String: String]) throws -> LogFormat {
        let given = environment["LOG_FORMAT"] ?? ""
        if given.isEmpty { return .text }
        guard let format = LogFormat(rawValue: given.lowercased()) else {
            throw SettingsError(variable: "LOG_FORMAT", problem: "must be text or json")
        }
        return format
    }
}
